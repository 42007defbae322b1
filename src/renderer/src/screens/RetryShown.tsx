import { useState } from 'react'
import type { ExecutionRetryMany } from '../../../shared/schemas/executions'
import { plural } from '../../../shared/text'
import { Confirmation } from '../components/common'
import { useServices } from '../services/context'
import { executionQuery, useExecutions } from '../stores/executions'

type Outcome = { ok: true; result: ExecutionRetryMany } | { ok: false; message: string } | null

const said = (result: ExecutionRetryMany) =>
  [
    `Retried ${plural(result.retried.length, 'execution')}`,
    result.skipped.length ? `${result.skipped.length} skipped (${result.skipped[0]!.reason}${result.skipped.length > 1 ? ', …' : ''})` : '',
    result.remaining ? `${result.remaining} more match: retry again for the next ones` : '',
  ]
    .filter(Boolean)
    .join('; ')

/** With failed (or cancelled) executions listed: run every one shown again, after a confirmation. */
export function RetryShown() {
  const services = useServices()
  const { filter, total } = useExecutions()
  const [confirming, setConfirming] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const status = filter.status
  if (status !== 'failed' && status !== 'cancelled') return null

  const retry = async () => {
    setConfirming(false)
    try {
      const result = await services.call('executions.retryMany', { filter: { ...executionQuery(filter), status } })
      setOutcome({ ok: true, result })
    } catch (error) {
      setOutcome({ ok: false, message: (error as Error).message })
    }
  }

  return (
    <div className="retry-shown" data-testid="retry-shown">
      <button type="button" disabled={total === 0 || confirming} onClick={() => setConfirming(true)}>
        Retry all shown…
      </button>
      {confirming && (
        <Confirmation testId="retry-shown-confirm" tone="primary" confirm="Retry them" keep="Keep them as they are" onConfirm={() => void retry()} onKeep={() => setConfirming(false)}>
          Run the {plural(total, `${status} execution`)} shown again in n8n? Each attempt runs once more, through approvals where its workflow asks for them;
          attempts already retried are left out.
        </Confirmation>
      )}
      {outcome && (
        <p className={outcome.ok ? 'notice' : 'error'} role="status" data-testid="retry-shown-result">
          {outcome.ok ? said(outcome.result) : outcome.message}
        </p>
      )}
    </div>
  )
}
