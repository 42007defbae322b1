import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { WebhookKind } from '../../../shared/schemas/webhooks'
import type { Config } from '../config'
import type { Logger } from '../logger'
import type { MonitorEvent } from '../monitor'
import type { ScheduledTask } from '../scheduler'
import { withAttempt, type ClaimedItem, type Outcome, type QueueStore } from './queue-store'
import { retryDelayMs } from './retry-policy'

/** Thrown by a handler when the item can never succeed: it fails at once, no retries. */
export class PermanentError extends Error {
  override name = 'PermanentError'
}

/**
 * Handles one item, synchronously: its writes commit with the rest of its turn, and anything
 * that waits on the network (calls to n8n) goes through the outbox after the commit.
 */
export type WebhookHandler = (item: ClaimedItem) => void
export type WebhookHandlers = Record<WebhookKind, WebhookHandler>

/** What a handler threw (anything can be thrown, so it is kept boxed). */
interface Failure {
  error: unknown
}

export interface WorkerOptions {
  batchSize: number
  random?: () => number
  /** True while webhooks are being acknowledged. */
  intakeBusy?: () => boolean
  /** During an intake burst, at least this many (real) milliseconds between batches… */
  busyPauseMs?: number
  /** …and longer if need be, so batches take at most this share of the time (0–1). */
  busyShare?: number
  /**
   * Runs `work` in a database transaction, or in a savepoint when one is open already, so
   * the handlers of a turn commit together: one fsync, not one per item.
   */
  transaction?: <T>(work: () => T) => T
  /** Resolves when that transaction can start without waiting on another connection's lock. */
  quiet?: () => Promise<void>
  /** Where retries (warnings) and dead letters (errors) are reported for the monitoring screens. */
  report?: (event: MonitorEvent) => void
}

/**
 * Items handled in one transaction between two looks at the event loop: enough to share one
 * fsync widely, few enough that acknowledgements never wait long.
 */
const ITEMS_PER_TURN = 50
/** How long one run keeps taking batches before handing back to the scheduler, in ms. */
const RUN_BUDGET_MS = 50

/**
 * Takes due items in arrival order and hands each to the handler for its kind. A failure
 * is retried at delay × 2^(n−1) with jitter until WORKFLOW_MAX_RETRIES, then dead-lettered
 * (status failed, last error and every attempt kept). A retried item does not hold back
 * later items of the same workflow; handlers treat late or repeated items as harmless.
 */
export class QueueWorker implements ScheduledTask {
  readonly name = 'webhook-queue'

  constructor(
    private readonly store: QueueStore,
    private readonly handlers: WebhookHandlers,
    private readonly config: () => Config,
    private readonly log: Logger,
    private readonly options: WorkerOptions,
    private readonly onProcessed: (outcomes: Outcome[]) => void = () => undefined,
  ) {}

  private lastRunEndedAt = -Infinity
  private lastRunMs = 0

  nextDueAt(): number | null {
    const due = this.store.nextDueAt()
    // Acknowledging comes first: during a burst the worker keeps a small share of the time, so
    // processing keeps up with a steady load and yields to a flood; the queue is durable, and
    // every commit wakes the scheduler, so full speed resumes as soon as the burst ends.
    const pausing = this.options.intakeBusy?.() && performance.now() - this.lastRunEndedAt < this.busyPauseMs()
    return pausing ? null : due
  }

  /** Batch after batch while more are due, until intake needs the writer or the budget is spent. */
  async run(now: number): Promise<void> {
    const started = performance.now()
    try {
      for (;;) {
        const taken = await this.runBatch(now)
        if (taken < this.options.batchSize || this.options.intakeBusy?.() || performance.now() - started > RUN_BUDGET_MS) return
      }
    } finally {
      this.lastRunEndedAt = performance.now()
      this.lastRunMs = this.lastRunEndedAt - started
    }
  }

  private busyPauseMs(): number {
    const share = this.options.busyShare ?? 1
    return Math.max(this.options.busyPauseMs ?? 0, (this.lastRunMs * (1 - share)) / share)
  }

  private async runBatch(now: number): Promise<number> {
    const items = await this.store.claim(now, this.options.batchSize)
    if (items.length === 0) return 0
    const outcomes: Outcome[] = []
    for (let first = 0; first < items.length; first += ITEMS_PER_TURN) {
      if (first > 0) await yieldToEventLoop()
      // Waiting here is asynchronous; waiting on the lock inside the transaction would stall the event loop.
      await this.options.quiet?.()
      outcomes.push(...this.handleTurn(items.slice(first, first + ITEMS_PER_TURN), now))
    }
    await this.store.record(outcomes, now)
    this.onProcessed(outcomes)
    return items.length
  }

  /**
   * Hands each item to its handler, all in one transaction, each in a savepoint of its own: an
   * item that throws leaves nothing behind, its neighbours keep what they wrote. If the commit
   * itself fails, nothing was kept and every item of the turn is retried.
   */
  private handleTurn(items: ClaimedItem[], now: number): Outcome[] {
    const transaction = this.options.transaction ?? (<T>(work: () => T) => work())
    const failureOf = (item: ClaimedItem): Failure | undefined => {
      try {
        transaction(() => this.handlers[item.kind](item))
        return undefined
      } catch (error) {
        return { error }
      }
    }
    let failures: (Failure | undefined)[]
    try {
      failures = transaction(() => items.map(failureOf))
    } catch (error) {
      failures = items.map(() => ({ error }))
    }
    return items.map((item, index) => this.outcome(item, failures[index], now))
  }

  private outcome(item: ClaimedItem, failure: Failure | undefined, now: number): Outcome {
    if (!failure) return { id: item.id, status: 'completed', attempts: withAttempt(item.attempts, { at: now, outcome: 'completed' }) }
    const { error } = failure
    const message = error instanceof Error ? error.message : String(error)
    const { WORKFLOW_MAX_RETRIES: maxRetries, WORKFLOW_RETRY_DELAY_SECONDS: baseSeconds } = this.config()
    if (error instanceof PermanentError || item.retryCount >= maxRetries) {
      this.log.warn({ queueId: item.id, kind: item.kind, error: message }, 'webhook item failed for good')
      this.report(item, 'webhook_failed', 'error', { error: message, permanent: error instanceof PermanentError })
      return { id: item.id, status: 'failed', error: message, attempts: withAttempt(item.attempts, { at: now, outcome: 'failed', error: message }) }
    }
    const retryCount = item.retryCount + 1
    const nextRetryAt = now + retryDelayMs(retryCount, baseSeconds, this.options.random)
    this.report(item, 'webhook_retry_scheduled', 'warning', { error: message, retry: retryCount, of: maxRetries, next_retry_at: nextRetryAt })
    return {
      id: item.id,
      status: 'queued',
      retryCount,
      nextRetryAt,
      error: message,
      attempts: withAttempt(item.attempts, { at: now, outcome: 'retry', error: message }),
    }
  }

  private report(item: ClaimedItem, eventType: string, severity: MonitorEvent['severity'], data: Record<string, unknown>): void {
    this.options.report?.({ eventType, severity, workflowId: item.workflowId, data: { queue_id: item.id, kind: item.kind, ...data } })
  }
}
