import type Database from 'better-sqlite3'
import type { Clock } from './clock'
import type { ScheduledTask } from './scheduler'

const DAY = 86_400_000
/** Rows per delete: ~10 ms of holding the write lock (5,000 took ~50 ms, stalling acknowledgements). */
const BATCH = 500
const HOURLY = 3_600_000

export interface RetentionDays {
  /** Monitoring events, by when they happened. */
  events: () => number
  /** Webhooks processed successfully, by when; failed and waiting ones are never pruned. */
  webhooks: () => number
}

/** One kind of old row: when the oldest happened, and how to delete a batch older than a cutoff. */
interface Prunable {
  days: () => number
  oldest: Database.Statement
  deleteBatch: Database.Statement
}

/**
 * Deletes what has outlived its retention period — monitoring events, and webhooks whose
 * effects are recorded elsewhere — in small batches, yielding between them, so a large clean-up
 * never holds up webhook intake.
 */
export class Retention implements ScheduledTask {
  readonly name = 'retention'
  private nextRunAt: number
  private readonly prunables: Prunable[]

  constructor(
    sqlite: Database.Database,
    clock: Clock,
    days: RetentionDays,
    /** Resolves when a delete can start without waiting on another connection's lock. */
    private readonly quiet: () => Promise<void> = async () => undefined,
  ) {
    this.nextRunAt = clock.now()
    this.prunables = [
      {
        days: days.events,
        oldest: sqlite.prepare('select min(timestamp) from workflow_monitoring').pluck(),
        deleteBatch: sqlite.prepare('delete from workflow_monitoring where id in (select id from workflow_monitoring where timestamp < ? order by timestamp limit ?)'),
      },
      {
        days: days.webhooks,
        // Both walk the partial index of completed webhooks by processed_at.
        oldest: sqlite.prepare("select min(processed_at) from webhook_queue where status = 'completed'").pluck(),
        deleteBatch: sqlite.prepare(
          "delete from webhook_queue where id in (select id from webhook_queue where status = 'completed' and processed_at < ? order by processed_at limit ?)",
        ),
      },
    ]
  }

  nextDueAt(): number | null {
    return this.nextRunAt
  }

  async run(now: number): Promise<void> {
    let nextRunAt = now + HOURLY
    for (const prunable of this.prunables) {
      const keepFor = prunable.days() * DAY
      for (;;) {
        await this.quiet()
        if ((prunable.deleteBatch.run(now - keepFor, BATCH).changes ?? 0) < BATCH) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      // Next run when the oldest row left crosses its line, and at least hourly.
      const oldest = prunable.oldest.get() as number | null
      if (oldest !== null) nextRunAt = Math.min(nextRunAt, Math.max(now + 1, oldest + keepFor))
    }
    this.nextRunAt = nextRunAt
  }
}
