import type { HealthReport } from '../../shared/schemas/health'
import { checkSaid, isUnwell } from './health'
import type { MonitorEvent } from './monitor'
import type { ScheduledTask } from './scheduler'

/**
 * How often health is looked at: a problem is said once it lasted from one look to the next
 * (5–10 minutes), and an idle Flowgate still sleeps minutes at a time.
 */
const LOOK_EVERY_MS = 5 * 60_000
/**
 * Checks whose trouble is recorded where it happens (tunnel_unreachable, backup_failed,
 * alert_not_sent), and the scheduler's, which a watch the scheduler runs cannot see in time.
 */
const NOT_WATCHED = new Set(['tunnel', 'backup', 'alerts', 'scheduler'])

type CheckId = keyof HealthReport['checks']

/**
 * Says when a part of Flowgate itself stays unwell — the disk filling up, the database locked by
 * another program, webhooks waiting too long, n8n's API not answering — as a
 * `health_degraded` warning (and so an alert), once per spell, and `health_restored` when it is
 * well again. A blip that is gone by the next look says nothing.
 */
export class HealthWatch implements ScheduledTask {
  readonly name = 'health-watch'
  private nextLookAt: number
  /** Checks unwell at the last look: since when, and whether that was said. */
  private readonly unwell = new Map<CheckId, { since: number; said: boolean }>()

  constructor(
    private readonly health: () => HealthReport,
    private readonly record: (event: MonitorEvent) => void,
    /** A check unwell on purpose (calls to n8n paused by the operator) is not news. */
    private readonly intended: (check: CheckId) => boolean,
    now: number,
  ) {
    this.nextLookAt = now + LOOK_EVERY_MS
  }

  nextDueAt(): number {
    return this.nextLookAt
  }

  async run(now: number): Promise<void> {
    if (now < this.nextLookAt) return
    this.nextLookAt = now + LOOK_EVERY_MS
    const checks = this.health().checks
    for (const id of Object.keys(checks) as CheckId[]) {
      if (NOT_WATCHED.has(id)) continue
      const check = checks[id]
      const reason = checkSaid(id, check)
      const known = this.unwell.get(id)
      if (isUnwell(check) && !this.intended(id)) {
        if (!known) this.unwell.set(id, { since: now, said: false })
        else if (!known.said) {
          known.said = true
          this.record({ eventType: 'health_degraded', severity: 'warning', data: { check: id, status: check.status, reason, since: known.since } })
        }
      } else if (known) {
        this.unwell.delete(id)
        if (known.said) this.record({ eventType: 'health_restored', severity: 'info', data: { check: id, reason, since: known.since } })
      }
    }
  }
}
