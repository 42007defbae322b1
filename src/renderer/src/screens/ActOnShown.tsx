import { useState, type ReactNode } from 'react'
import type { Execution } from '../../../shared/schemas/executions'
import { plural } from '../../../shared/text'
import { Confirmation } from '../components/common'
import type { Services } from '../services/api'
import { useServices } from '../services/context'
import { executionQuery, useExecutions, type ExecutionFilter } from '../stores/executions'

type Status = Execution['status']
/** What a bulk call answered, as the operator reads it. */
interface Said {
  done: number
  skipped: { reason: string }[]
  remaining: number
}

interface BulkAction<S extends Status> {
  /** The status of the executions it acts on, for a list it applies to: none hides it. */
  statusFor: (filter: ExecutionFilter) => S | undefined
  name: string
  /** The button that asks first. */
  label: string
  /** The outcome's first word. */
  verb: string
  confirm: string
  keep: string
  tone: 'primary' | 'danger'
  question: (count: string) => ReactNode
  run: (services: Services, filter: ReturnType<typeof executionQuery> & { status: S }) => Promise<Said>
}

const said = (verb: string, result: Said) =>
  [
    `${verb} ${plural(result.done, 'execution')}`,
    result.skipped.length ? `${result.skipped.length} skipped (${result.skipped[0]!.reason}${result.skipped.length > 1 ? ', …' : ''})` : '',
    result.remaining ? `${result.remaining} more match: do it again for the next ones` : '',
  ]
    .filter(Boolean)
    .join('; ')

/** With executions of the action's statuses listed: act on every one shown (not only those loaded), after a confirmation. */
function ActOnShown<S extends Status>({ action }: { action: BulkAction<S> }) {
  const services = useServices()
  const { filter, total } = useExecutions()
  const [confirming, setConfirming] = useState(false)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)
  const status = action.statusFor(filter)
  if (!status) return null

  const act = async (shown: ExecutionFilter, status: S) => {
    setConfirming(false)
    try {
      setOutcome({ ok: true, text: said(action.verb, await action.run(services, { ...executionQuery(shown), status })) })
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message })
    }
  }

  return (
    <div className="retry-shown" data-testid={`${action.name}-shown`}>
      <button type="button" disabled={total === 0 || confirming} onClick={() => setConfirming(true)}>
        {action.label}
      </button>
      {confirming && (
        <Confirmation testId={`${action.name}-shown-confirm`} tone={action.tone} confirm={action.confirm} keep={action.keep} onConfirm={() => void act(filter, status)} onKeep={() => setConfirming(false)}>
          {action.question(plural(total, `${status} execution`))}
        </Confirmation>
      )}
      {outcome && (
        <p className={outcome.ok ? 'notice' : 'error'} role="status" data-testid={`${action.name}-shown-result`}>
          {outcome.text}
        </p>
      )}
    </div>
  )
}

/** The list's own status, when it is one of these. */
const listed =
  <S extends Status>(...statuses: S[]) =>
  (filter: ExecutionFilter): S | undefined =>
    statuses.find((status) => status === filter.status)

const retry: BulkAction<'failed' | 'cancelled'> = {
  statusFor: listed('failed', 'cancelled'),
  name: 'retry',
  label: 'Retry all shown…',
  verb: 'Retried',
  confirm: 'Retry them',
  keep: 'Keep them as they are',
  tone: 'primary',
  question: (count) => `Run the ${count} shown again in n8n? Each attempt runs once more, through approvals where its workflow asks for them; attempts already retried are left out.`,
  run: async (services, filter) => {
    const result = await services.call('executions.retryMany', { filter })
    return { done: result.retried.length, skipped: result.skipped, remaining: result.remaining }
  },
}

const cancel: BulkAction<'pending' | 'running'> = {
  statusFor: listed('pending', 'running'),
  name: 'cancel',
  label: 'Cancel all shown…',
  verb: 'Cancelled',
  confirm: 'Cancel them',
  keep: 'Let them run',
  tone: 'danger',
  question: (count) => `Cancel the ${count} shown? Those not sent yet never reach n8n, their open approvals close, and n8n is asked to stop those it runs.`,
  run: async (services, filter) => {
    const result = await services.call('executions.cancelMany', { filter })
    return { done: result.cancelled.length, skipped: result.skipped, remaining: result.remaining }
  },
}

const sendNow: BulkAction<'pending'> = {
  // Those held back or scheduled are pending unless another status is chosen.
  statusFor: (filter) => ((filter.held_back || filter.scheduled) && (filter.status ?? 'pending') === 'pending' ? 'pending' : undefined),
  name: 'send-now',
  label: 'Send all shown now…',
  verb: 'Sent',
  confirm: 'Send them now',
  keep: 'Let them wait',
  tone: 'primary',
  question: (count) => `Send the ${count} shown to n8n now, ahead of their schedule and past their workflows' limits? Held calls and a pause of all calls still hold them.`,
  run: async (services, filter) => {
    const result = await services.call('executions.sendNowMany', { filter })
    return { done: result.sent.length, skipped: result.skipped, remaining: result.remaining }
  },
}

const dismiss: BulkAction<'failed'> = {
  // Those dismissed already have nothing more to dismiss.
  statusFor: (filter) => (filter.dismissed ? undefined : listed('failed')(filter)),
  name: 'dismiss',
  label: 'Dismiss all shown…',
  verb: 'Dismissed',
  confirm: 'Dismiss them',
  keep: 'Keep them standing',
  tone: 'primary',
  question: (count) =>
    `Dismiss the ${count} shown as needing no retry? They stay failed in every count, but leave Needs attention and the failures not retried yet; each can be brought back from its page. Those already retried or dismissed are left out.`,
  run: async (services, filter) => {
    const result = await services.call('executions.dismissMany', { filter })
    return { done: result.dismissed.length, skipped: result.skipped, remaining: result.remaining }
  },
}

/** Failed or cancelled executions listed: run every one shown again. */
export const RetryShown = () => <ActOnShown action={retry} />
/** Pending or running executions listed: cancel every one shown (a backlog that should not run after all). */
export const CancelShown = () => <ActOnShown action={cancel} />
/** Executions held back or scheduled listed: send every one shown now. */
export const SendNowShown = () => <ActOnShown action={sendNow} />
/** Failed executions listed: dismiss every one shown as needing no retry. */
export const DismissShown = () => <ActOnShown action={dismiss} />
