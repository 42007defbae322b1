import type Database from 'better-sqlite3'
import { EXPIRY_WARNING_MINUTES } from '../../../shared/schemas/approvals'
import type { Monitor } from '../monitor'
import type { ScheduledTask } from '../scheduler'

const WARNING_MS = EXPIRY_WARNING_MINUTES * 60_000
/** Those warned in one run at most; the rest come on the next. */
const BATCH = 100

/**
 * A warning event for each undecided approval about to expire, once (again only if its expiry
 * moves): away from the desk it is the last chance to decide before n8n is told "expired".
 * One waiting out its undo window is decided already.
 */
export class ExpiryWarnings implements ScheduledTask {
  readonly name = 'approval-expiry-warnings'
  private readonly s

  constructor(
    sqlite: Database.Database,
    private readonly monitor: Monitor,
  ) {
    const unwarned = `status = 'pending' and expiry_warned_at is null and expires_at is not null and id not in (select approval_id from undoable_decisions)`
    this.s = {
      next: sqlite.prepare(`select min(expires_at) from workflow_approvals where ${unwarned}`).pluck(),
      due: sqlite.prepare(
        `select id, workflow_id, execution_id, approval_title, expires_at from workflow_approvals where ${unwarned} and expires_at > ? and expires_at <= ? order by expires_at limit ${BATCH}`,
      ),
      // Already past its expiry (expiring is the expiry task's work): nothing left to warn of.
      skipLapsed: sqlite.prepare(`update workflow_approvals set expiry_warned_at = ? where ${unwarned} and expires_at <= ?`),
      mark: sqlite.prepare('update workflow_approvals set expiry_warned_at = ? where id = ?'),
    }
  }

  nextDueAt(): number | null {
    const soonest = this.s.next.get() as number | null
    return soonest === null ? null : soonest - WARNING_MS
  }

  async run(now: number): Promise<void> {
    this.s.skipLapsed.run(now, now)
    const due = this.s.due.all(now, now + WARNING_MS) as { id: number; workflow_id: number | null; execution_id: number | null; approval_title: string; expires_at: number }[]
    for (const approval of due) {
      this.s.mark.run(now, approval.id)
      const minutes = Math.max(1, Math.ceil((approval.expires_at - now) / 60_000))
      this.monitor.record({
        eventType: 'approval_expiring',
        severity: 'warning',
        workflowId: approval.workflow_id,
        executionId: approval.execution_id,
        data: { approvalId: approval.id, expires_at: approval.expires_at, message: `"${approval.approval_title}" expires in ${minutes} min, undecided; n8n is then told "expired"` },
      })
    }
  }
}
