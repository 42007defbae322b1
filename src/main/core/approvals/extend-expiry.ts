import type Database from 'better-sqlite3'
import { FlowgateError } from '../../../shared/errors'
import type { Clock } from '../clock'
import type { Monitor } from '../monitor'
import { isoTime as iso } from '../../../shared/text'

export interface ExtendDeps {
  sqlite: Database.Database
  clock: Clock
  monitor: Monitor
  /** The approval's expiry moved: the consoles show it and the scheduler plans anew. */
  extended: (approvalId: number) => void
}

/**
 * More time for a pending approval that would otherwise expire (a person needs until tomorrow
 * to check): its expiry moves `hours` later. Refused once it is decided or expired, and for an
 * approval that never expires.
 */
export function extendExpiry(deps: ExtendDeps, id: number, hours: number): void {
  const now = deps.clock.now()
  const row = deps.sqlite.prepare('select status, expires_at, workflow_id, execution_id from workflow_approvals where id = ?').get(id) as
    | { status: string; expires_at: number | null; workflow_id: number | null; execution_id: number | null }
    | undefined
  if (!row) throw new FlowgateError('not_found', `Approval ${id} does not exist`)
  if (row.status !== 'pending') throw new FlowgateError('conflict', `Approval ${id} is ${row.status}; only a pending approval can be given more time`)
  if (row.expires_at === null) throw new FlowgateError('conflict', `Approval ${id} never expires; it needs no more time`)
  if (row.expires_at <= now) throw new FlowgateError('conflict', `Approval ${id} expired at ${iso(row.expires_at)} and can no longer be given more time`)
  const expiresAt = row.expires_at + hours * 3_600_000
  // Conditional, like every change of an approval: a decision or the expiry that won meanwhile stands.
  const changed = deps.sqlite
    .prepare("update workflow_approvals set expires_at = ?, expiry_warned_at = null, updated_at = ? where id = ? and status = 'pending' and expires_at = ?")
    .run(expiresAt, now, id, row.expires_at).changes
  if (changed === 0) throw new FlowgateError('conflict', `Approval ${id} changed meanwhile; look again`)
  deps.monitor.record({
    eventType: 'approval_extended',
    severity: 'info',
    workflowId: row.workflow_id,
    executionId: row.execution_id,
    data: { approvalId: id, hours, expiresAt },
  })
  deps.extended(id)
}
