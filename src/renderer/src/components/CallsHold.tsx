import { useState } from 'react'
import type { Workflow } from '../../../shared/schemas/workflows'
import { plural } from '../../../shared/text'
import { useServices } from '../services/context'
import { openExecutions } from '../stores/executions'
import { OutcomeNote, type Outcome } from './common'

/**
 * Holding a workflow's calls to n8n while its n8n side misbehaves: webhooks are still received
 * and executions created; dispatches, resumes and stops wait until released.
 */
export function CallsHold({ workflow }: { workflow: Workflow }) {
  const services = useServices()
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const hold = (held: boolean) =>
    services.call('workflows.update', { id: workflow.id, changes: { calls_held: held } }).then(
      () => setOutcome(null),
      (error: Error) => setOutcome({ tone: 'error', text: error.message }),
    )
  // Once n8n is fixed: the calls go, and the run of failures that held them is tried once more (latest attempts only).
  const releaseAndRetry = async () => {
    try {
      await services.call('workflows.update', { id: workflow.id, changes: { calls_held: false } })
      const { retried, remaining } = await services.call('executions.retryMany', { filter: { workflow_id: workflow.id, status: 'failed', since: workflow.failing_since ?? undefined } })
      setOutcome({ tone: 'ok', text: `Released; ${plural(retried.length, 'failed run')} tried again${remaining ? ` (${remaining} more: retry them from the list)` : ''}` })
    } catch (error) {
      setOutcome({ tone: 'error', text: (error as Error).message })
    }
  }
  const waiting = plural(workflow.waiting_calls, 'call')
  return (
    <div data-testid="calls-hold">
      {workflow.calls_held ? (
        <div className="warning" role="status">
          <p>
            {workflow.calls_held_reason ? `Flowgate held the calls to n8n for this workflow, since ${workflow.calls_held_reason}` : 'Calls to n8n for this workflow are held'}:{' '}
            {waiting} {workflow.waiting_calls === 1 ? 'waits' : 'wait'}. Webhooks are still received and executions created; nothing is sent to n8n for
            it until you release them.
          </p>
          <button type="button" className="primary" onClick={() => void hold(false)}>
            Release {waiting}
          </button>{' '}
          {workflow.calls_held_reason && workflow.failed_in_a_row > 0 && (
            <>
              <button type="button" onClick={() => void releaseAndRetry()}>
                Release and retry its {plural(workflow.failed_in_a_row, 'failed run')}
              </button>{' '}
              <button type="button" onClick={() => void openExecutions(services, { status: 'failed', workflow_id: workflow.id })}>
                Show its failed executions
              </button>
            </>
          )}
        </div>
      ) : (
        <p className="muted">
          <button type="button" onClick={() => void hold(true)}>
            Hold calls to n8n
          </button>{' '}
          when its n8n side misbehaves: nothing is lost, everything waits here.
        </p>
      )}
      <OutcomeNote outcome={outcome} testId="calls-hold-outcome" />
    </div>
  )
}
