import type Database from 'better-sqlite3'
import type { Clock } from './clock'
import type { ScheduledTask } from './scheduler'

const DAY = 86_400_000
/** Rows per delete: ~10 ms of holding the write lock (5,000 took ~50 ms, stalling acknowledgements). */
const BATCH = 500
const HOURLY = 3_600_000

/**
 * Deletes monitoring events older than the retention period in small batches, yielding
 * between them, so a large clean-up never holds up webhook intake.
 */
export class Retention implements ScheduledTask {
  readonly name = 'retention'
  private nextRunAt: number
  private readonly oldest
  private readonly deleteBatch

  constructor(
    sqlite: Database.Database,
    clock: Clock,
    private readonly retentionDays: () => number,
    /** Resolves when a delete can start without waiting on another connection's lock. */
    private readonly quiet: () => Promise<void> = async () => undefined,
  ) {
    this.nextRunAt = clock.now()
    this.oldest = sqlite.prepare('select min(timestamp) from workflow_monitoring').pluck()
    this.deleteBatch = sqlite.prepare(
      'delete from workflow_monitoring where id in (select id from workflow_monitoring where timestamp < ? order by timestamp limit ?)',
    )
  }

  nextDueAt(): number | null {
    return this.nextRunAt
  }

  async run(now: number): Promise<void> {
    const cutoff = now - this.retentionDays() * DAY
    for (;;) {
      await this.quiet()
      if ((this.deleteBatch.run(cutoff, BATCH).changes ?? 0) < BATCH) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    const oldest = this.oldest.get() as number | null
    // Next run when the oldest event left crosses the line, and at least hourly.
    this.nextRunAt = Math.min(now + HOURLY, oldest === null ? now + HOURLY : Math.max(now + 1, oldest + this.retentionDays() * DAY))
  }
}
