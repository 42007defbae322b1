import type Database from 'better-sqlite3'
import type { Clock } from './clock'
import type { PrunedPart, StorageReport } from '../../shared/schemas/storage'
import type { ScheduledTask } from './scheduler'
import { oldExecutions } from './execution-retention'

const DAY = 86_400_000
/** Rows per delete: ~10 ms of holding the write lock (5,000 took ~50 ms, stalling acknowledgements). */
const BATCH = 500
const HOURLY = 3_600_000

export interface RetentionDays {
  /** Monitoring events, by when they happened. */
  events: () => number
  /** Webhooks processed successfully, by when; failed and waiting ones are never pruned. */
  webhooks: () => number
  /** Calls n8n took, by when; failed ones stay until sent again, and waiting ones are never pruned. */
  calls: () => number
  /** Finished executions, by when they were created; null keeps them all. */
  executions: () => number | null
}

/** What a batch looked at, and how many of those it deleted. */
type Batch = { examined: number; deleted: number }

/** One kind of old row: how long it is kept, and how to delete a batch older than a cutoff. */
interface Prunable {
  part: PrunedPart
  /** Days kept; null keeps every row. */
  days: () => number | null
  /** When the oldest row that may go happened: the next run comes when it crosses its line (hourly without it). */
  oldest?: Database.Statement
  deleteBatch: (cutoff: number, limit: number) => Batch
  /** Called as a run starts on this kind. */
  restart?: () => void
}

/** Deletes up to `limit` rows older than a cutoff, by a statement of (cutoff, limit) that deletes them. */
const deleting = (statement: Database.Statement) => (cutoff: number, limit: number) => {
  const gone = statement.run(cutoff, limit).changes
  return { examined: gone, deleted: gone }
}

const doneLater = `n.status = 'done' and n.id > o.id and n.kind = o.kind`
/**
 * A call that failed for good and was then made again successfully (a decision sent again, an
 * execution retried): once the later call goes, nothing reads it. Each branch on an index of its
 * own: a resume call belongs to its approval, the others to their execution.
 */
const supersededFailure = `o.status = 'failed' and (
  (o.approval_id is not null and exists (select 1 from outbox n where n.approval_id = o.approval_id and ${doneLater}))
  or (o.approval_id is null and exists (select 1 from outbox n where n.execution_id = o.execution_id and n.approval_id is null and ${doneLater})))`

/** When the oldest call n8n took was made, and which calls to delete given (cutoff, limit). */
export const oldCalls = {
  oldest: "select min(updated_at) from outbox indexed by outbox_done_idx where status = 'done'",
  madeGood: `select o.id from outbox o where ${supersededFailure} and o.updated_at < ? limit ?`,
  done: "select id from outbox indexed by outbox_done_idx where status = 'done' and updated_at < ? order by updated_at limit ?",
}

/**
 * Old calls n8n took, and the failures they made good. The failures go first: pruning the call
 * that made one good would leave the failure newest, and an approval whose newest resume call
 * failed is one n8n was never told of.
 */
function deletingOldCalls(sqlite: Database.Database): Prunable['deleteBatch'] {
  const failures = deleting(sqlite.prepare(`delete from outbox where id in (${oldCalls.madeGood})`))
  const done = deleting(sqlite.prepare(`delete from outbox where id in (${oldCalls.done})`))
  return (cutoff, limit) => {
    const gone = failures(cutoff, limit).deleted
    const total = gone < limit ? gone + done(cutoff, limit - gone).deleted : gone
    return { examined: total, deleted: total }
  }
}

/**
 * Deletes what has outlived its retention period — monitoring events, webhooks and calls
 * to n8n whose effects are recorded elsewhere, and executions when the operator asks — in small batches, yielding between them, so a large clean-up
 * never holds up webhook intake.
 */
export class Retention implements ScheduledTask {
  readonly name = 'retention'
  private nextRunAt: number
  private readonly prunables: Prunable[]
  private lastRun: StorageReport['last_cleanup'] = null

  constructor(
    sqlite: Database.Database,
    private readonly clock: Clock,
    days: RetentionDays,
    /** Resolves when a delete can start without waiting on another connection's lock. */
    private readonly quiet: () => Promise<void> = async () => undefined,
  ) {
    this.nextRunAt = clock.now()
    this.prunables = [
      {
        part: 'events',
        days: days.events,
        oldest: sqlite.prepare('select min(timestamp) from workflow_monitoring').pluck(),
        deleteBatch: deleting(sqlite.prepare('delete from workflow_monitoring where id in (select id from workflow_monitoring where timestamp < ? order by timestamp limit ?)')),
      },
      {
        part: 'webhooks',
        days: days.webhooks,
        // Both walk the partial index of completed webhooks by processed_at.
        oldest: sqlite.prepare("select min(processed_at) from webhook_queue where status = 'completed'").pluck(),
        deleteBatch: deleting(
          sqlite.prepare("delete from webhook_queue where id in (select id from webhook_queue where status = 'completed' and processed_at < ? order by processed_at limit ?)"),
        ),
      },
      {
        part: 'calls',
        days: days.calls,
        // Both walk the partial index of done calls by updated_at; failed ones are few.
        oldest: sqlite.prepare(oldCalls.oldest).pluck(),
        deleteBatch: deletingOldCalls(sqlite),
      },
      // Each run starts again from the oldest execution (restart).
      { part: 'executions', days: days.executions, ...oldExecutions(sqlite) },
    ]
  }

  nextDueAt(): number | null {
    return this.nextRunAt
  }

  /** A period was shortened: what it no longer keeps goes at the next tick, not within the hour. */
  runSoon(): void {
    this.nextRunAt = this.clock.now()
  }

  /** The latest run since start: when, and how many rows of each kind it removed. */
  lastCleanup(): StorageReport['last_cleanup'] {
    return this.lastRun
  }

  async run(now: number): Promise<void> {
    let nextRunAt = now + HOURLY
    const removed: Record<PrunedPart, number> = { events: 0, webhooks: 0, calls: 0, executions: 0 }
    for (const prunable of this.prunables) {
      const days = prunable.days()
      if (days === null) continue
      const keepFor = days * DAY
      prunable.restart?.()
      for (;;) {
        await this.quiet()
        const { examined, deleted } = prunable.deleteBatch(now - keepFor, BATCH)
        removed[prunable.part] += deleted
        if (examined < BATCH) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      // Next run when the oldest row left crosses its line, and at least hourly.
      const oldest = (prunable.oldest?.get() as number | null | undefined) ?? null
      if (oldest !== null) nextRunAt = Math.min(nextRunAt, Math.max(now + 1, oldest + keepFor))
    }
    this.nextRunAt = nextRunAt
    this.lastRun = { at: now, removed }
  }
}
