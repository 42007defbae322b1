import type Database from 'better-sqlite3'
import type { z } from 'zod'
import { dataChanges } from '../../../shared/data-changes'
import { FlowgateError } from '../../../shared/errors'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { Outbox } from '../dispatch/outbox'
import type { Monitor } from '../monitor'
import { checkSendAt, type ExecutionService } from './execution-service'
import { inTransaction } from '../db/transaction'
import { LATEST_ATTEMPT, type ExecutionQueries } from './execution-queries'
import {
  RETRY_MANY_LIMIT,
  type ExecutionCancelMany,
  type executionCancelManyInputSchema,
  type ExecutionRetryMany,
  type executionRetryManyInputSchema,
  type ExecutionSendNowMany,
  type executionSendNowManyInputSchema,
  type ExecutionDismissMany,
  type executionDismissManyInputSchema,
} from '../../../shared/schemas/executions'

type ExecutionRetryManyInput = z.output<typeof executionRetryManyInputSchema>
type ExecutionCancelManyInput = z.output<typeof executionCancelManyInputSchema>
type ExecutionSendNowManyInput = z.output<typeof executionSendNowManyInputSchema>
type ExecutionDismissManyInput = z.output<typeof executionDismissManyInputSchema>
type ManyFilter = Extract<ExecutionRetryManyInput | ExecutionCancelManyInput | ExecutionSendNowManyInput | ExecutionDismissManyInput, { filter: unknown }>['filter']


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

/** What the operator does to an execution: cancel it, run a failed one again, or dismiss it as needing no retry. */
export class ExecutionControl {
  private readonly s

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock,
    private readonly executions: ExecutionService,
    private readonly queries: Pick<ExecutionQueries, 'where'>,
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
      setSendAt: sqlite.prepare("update workflow_executions set send_at = ?, updated_at = ? where id = ? and status = 'pending'"),
      beingSent: sqlite.prepare("select 1 from outbox where execution_id = ? and kind = 'dispatch' and status = 'sending'").pluck(),
      laterAttempt: sqlite.prepare('select id from workflow_executions where retry_of = ? order by id desc limit 1').pluck(),
      // A second dismissal keeps the first moment.
      dismiss: sqlite.prepare("update workflow_executions set dismissed_at = coalesce(dismissed_at, ?), updated_at = ? where id = ? and status = 'failed'"),
      bringBack: sqlite.prepare('update workflow_executions set dismissed_at = null, updated_at = ? where id = ?'),
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
   * Sends a pending execution's waiting dispatch at once, past its workflow's send window and
   * running, hourly and daily limits (it still counts toward them); a hold on the workflow's calls or a
   * pause of all calls still holds it. (The audit records who asked, on the execution's timeline.)
   */
  sendNow(id: number): void {
    const row = this.row(id)
    if (row.status !== 'pending') throw new FlowgateError('conflict', `Execution ${id} is ${row.status}; only a pending execution waits to be sent`)
    if (!this.outbox.sendNow(id, this.clock.now())) {
      throw new FlowgateError('conflict', `Execution ${id} has no dispatch waiting to be sent: it waits for an approval first`)
    }
    this.wake()
  }

  /**
   * Sends a pending execution at another moment: its dispatch waits until then (one waiting for its
   * approval goes then, once approved). Refused once it is sent, or while it is being sent.
   */
  reschedule(id: number, sendAt: number): void {
    const row = this.row(id)
    if (row.status !== 'pending') throw new FlowgateError('conflict', `Execution ${id} is ${row.status}; only a pending execution can be sent at another moment`)
    const now = this.clock.now()
    checkSendAt(sendAt, now)
    if (this.s.beingSent.get(id)) throw new FlowgateError('conflict', `Execution ${id} is being sent to n8n right now`)
    inTransaction(this.sqlite, () => {
      this.s.setSendAt.run(sendAt, now, id)
      this.outbox.reschedule(id, sendAt)
    })
    this.wake()
  }

  /**
   * Runs a failed or cancelled execution again as a new attempt through Flowgate's own
   * dispatch (linked by retry_of), so the retry is gated, counted and visible like any run;
   * with its own input, or `changedInput` in its place.
   */
  retry(id: number, changedInput?: Record<string, unknown>): number {
    const row = this.row(id)
    if (row.status !== 'failed' && row.status !== 'cancelled') {
      throw new FlowgateError('conflict', `Execution ${id} is ${row.status}; only failed or cancelled executions can be retried`)
    }
    // Running the same attempt twice would send it twice (an email, a video): only the latest attempt is retried.
    const later = this.s.laterAttempt.get(id) as number | undefined
    if (later !== undefined) throw new FlowgateError('conflict', `Execution ${id} was already retried as #${later}; retry that attempt if it failed too`)
    const input: unknown = row.input_data === null ? null : JSON.parse(row.input_data)
    const changed = changedInput ? dataChanges(input ?? {}, changedInput).map((change) => change.path) : []
    const { id: newId } = this.executions.create({
      workflowId: row.workflow_id,
      triggerEvent: row.trigger_event ?? 'retry',
      triggerSource: 'retry',
      inputData: changedInput ?? input,
      retryOf: { id: row.id, attempt: row.attempt, changed },
    })
    this.monitor.record({
      eventType: 'execution_retried',
      severity: 'info',
      workflowId: row.workflow_id,
      executionId: row.id,
      data: { newExecutionId: newId, ...(changed.length ? { changed } : {}) },
    })
    return newId
  }

  /**
   * Dismisses a failed execution as needing no retry: it stays failed in every count and list,
   * but leaves the failures still standing (Needs attention, `not_retried`). `dismissed: false`
   * brings it back among them.
   */
  dismiss(id: number, dismissed: boolean): void {
    const row = this.row(id)
    const now = this.clock.now()
    if (dismissed) {
      if (row.status !== 'failed') throw new FlowgateError('conflict', `Execution ${id} is ${row.status}; only a failed execution can be dismissed`)
      const later = this.s.laterAttempt.get(id) as number | undefined
      if (later !== undefined) throw new FlowgateError('conflict', `Execution ${id} was retried as #${later}; that attempt is the one to look at`)
      this.s.dismiss.run(now, now, id)
    } else this.s.bringBack.run(now, id)
    this.executions.changed(id)
  }

  /** Dismisses several failed executions in one transaction, each as `dismiss` would; a filter takes those still standing. */
  dismissMany(input: ExecutionDismissManyInput): ExecutionDismissMany {
    const { ids, remaining } = this.named(input, `dismissed_at is null and ${LATEST_ATTEMPT}`)
    const { done, skipped } = this.each(ids, (id) => (this.dismiss(id, true), id))
    return { dismissed: done, skipped, remaining }
  }

  /**
   * Retries several executions in one transaction (one commit for all), each as `retry` would;
   * one that cannot be retried is skipped with its reason and the others go ahead. A filter
   * takes the latest failed (or cancelled) attempts it matches, oldest first.
   */
  retryMany(input: ExecutionRetryManyInput): ExecutionRetryMany {
    // Only the latest attempts: one already retried would be refused anyway.
    const { ids, remaining } = this.named(input, LATEST_ATTEMPT)
    const { done, skipped } = this.each(ids, (id) => ({ id, new_id: this.retry(id) }))
    return { retried: done, skipped, remaining }
  }

  /** Cancels several executions in one transaction, each as `cancel` would; a filter takes pending ones by default. */
  cancelMany(input: ExecutionCancelManyInput): ExecutionCancelMany {
    const { ids, remaining } = this.named(input)
    const { done, skipped } = this.each(ids, (id) => (this.cancel(id), id))
    return { cancelled: done, skipped, remaining }
  }

  /** Sends several pending executions now in one transaction, each as `sendNow` would; a filter takes pending ones. */
  sendNowMany(input: ExecutionSendNowManyInput): ExecutionSendNowMany {
    const { ids, remaining } = this.named(input)
    const { done, skipped } = this.each(ids, (id) => (this.sendNow(id), id))
    return { sent: done, skipped, remaining }
  }

  /** `act` on each id in one commit; one it refuses is skipped with the reason, the others go ahead. */
  private each<T>(ids: number[], act: (id: number) => T): { done: T[]; skipped: { id: number; reason: string }[] } {
    const done: T[] = []
    const skipped: { id: number; reason: string }[] = []
    inTransaction(this.sqlite, () => {
      for (const id of ids) {
        try {
          done.push(act(id))
        } catch (error) {
          if (!(error instanceof FlowgateError)) throw error
          skipped.push({ id, reason: error.message })
        }
      }
    })
    return { done, skipped }
  }

  /** The ids named, or the filter's executions (those also meeting `also`), oldest first up to the limit, and how many more. */
  private named(input: { ids: number[] } | { filter: ManyFilter }, also?: string): { ids: number[]; remaining: number } {
    if ('ids' in input) return { ids: [...new Set(input.ids)], remaining: 0 }
    const { sql: where, params } = this.queries.where(input.filter)
    const matching = also ? `${where} and ${also}` : where
    const ids = this.sqlite.prepare(`select id from workflow_executions ${matching} order by id limit ?`).pluck().all(...params, RETRY_MANY_LIMIT) as number[]
    const total = this.sqlite.prepare(`select count(*) from workflow_executions ${matching}`).pluck().get(...params) as number
    return { ids, remaining: total - ids.length }
  }

  private row(id: number): Row {
    const row = this.s.get.get(id) as Row | undefined
    if (!row) throw new FlowgateError('not_found', `Execution ${id} does not exist`)
    return row
  }
}
