import type Database from 'better-sqlite3'
import { FlowgateError } from '../../../shared/errors'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { Outbox } from '../dispatch/outbox'
import type { Monitor } from '../monitor'
import type { ExecutionService } from './execution-service'
import { inTransaction } from '../db/transaction'

interface Row {
  id: number
  workflow_id: number
  status: string
  n8n_execution_id: string | null
  input_data: string | null
  trigger_event: string | null
  trigger_source: string | null
  attempt: number
}

/** What the operator does to an execution: cancel it, or run a failed one again. */
export class ExecutionControl {
  private readonly s

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock,
    private readonly executions: ExecutionService,
    private readonly outbox: Outbox,
    private readonly monitor: Monitor,
    private readonly config: () => Config,
    private readonly wake: () => void,
  ) {
    this.s = {
      get: sqlite.prepare(
        'select id, workflow_id, status, n8n_execution_id, input_data, trigger_event, trigger_source, attempt from workflow_executions where id = ?',
      ),
      dropDispatch: sqlite.prepare(
        "update outbox set status = 'failed', last_error = 'execution cancelled', updated_at = ? where execution_id = ? and kind = 'dispatch' and status = 'pending'",
      ),
      closeApprovals: sqlite.prepare(
        `update workflow_approvals set status = 'rejected', decided_by = 'flowgate', decided_at = ?, decision_reason = 'execution cancelled',
           decision_source = 'api', updated_at = ? where execution_id = ? and status = 'pending'`,
      ),
    }
  }

  /**
   * Cancels a pending or running execution: its unsent dispatch is dropped, its open
   * approvals are closed, and n8n is asked to stop it when its id is known and the API is set.
   */
  cancel(id: number): void {
    const row = this.row(id)
    const now = this.clock.now()
    const cancelled = inTransaction(this.sqlite, () => {
      if (!this.executions.finish(row.id, 'cancelled', null, 'cancelled by the operator')) return false
      this.s.dropDispatch.run(now, id)
      this.s.closeApprovals.run(now, now, id)
      const { N8N_API_URL: apiUrl, N8N_API_KEY: apiKey } = this.config()
      if (row.n8n_execution_id && apiUrl && apiKey) {
        this.outbox.add({ kind: 'stop', targetUrl: `${apiUrl}/executions/${encodeURIComponent(row.n8n_execution_id)}/stop`, executionId: id, body: {} }, now)
      }
      return true
    })
    if (!cancelled) throw new FlowgateError('conflict', `Execution ${id} is ${this.row(id).status}; only pending or running executions can be cancelled`)
    this.wake()
  }

  /**
   * Runs a failed or cancelled execution again as a new attempt through Flowgate's own
   * dispatch (linked by retry_of), so the retry is gated, counted and visible like any run.
   */
  retry(id: number): number {
    const row = this.row(id)
    if (row.status !== 'failed' && row.status !== 'cancelled') {
      throw new FlowgateError('conflict', `Execution ${id} is ${row.status}; only failed or cancelled executions can be retried`)
    }
    const { id: newId } = this.executions.create({
      workflowId: row.workflow_id,
      triggerEvent: row.trigger_event ?? 'retry',
      triggerSource: 'retry',
      inputData: row.input_data === null ? null : JSON.parse(row.input_data),
      retryOf: { id: row.id, attempt: row.attempt },
    })
    this.monitor.record({ eventType: 'execution_retried', severity: 'info', workflowId: row.workflow_id, executionId: row.id, data: { newExecutionId: newId } })
    return newId
  }

  private row(id: number): Row {
    const row = this.s.get.get(id) as Row | undefined
    if (!row) throw new FlowgateError('not_found', `Execution ${id} does not exist`)
    return row
  }
}
