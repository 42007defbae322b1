import type Database from 'better-sqlite3'
import type { ApprovalPrecedents } from '../../../shared/schemas/approvals'

/** Earlier decisions shown beside an approval. */
const RECENT = 5

/**
 * How requests like this one (same workflow, same kind) were decided before it: counts by
 * outcome and the newest few. Read along the (workflow, kind, decided) index.
 */
export function approvalPrecedents(sqlite: Database.Database, approval: { id: number; workflow_id: number | null; approval_type: string }): ApprovalPrecedents {
  const counts = { approved: 0, rejected: 0, expired: 0 }
  if (approval.workflow_id === null) return { counts, recent: [] }
  const alike = `from workflow_approvals where workflow_id = ? and approval_type = ? and decided_at is not null and status in ('approved', 'rejected', 'expired') and id != ?`
  const params = [approval.workflow_id, approval.approval_type, approval.id]
  for (const row of sqlite.prepare(`select status, count(*) as n ${alike} group by status`).all(...params) as { status: keyof typeof counts; n: number }[]) {
    counts[row.status] = row.n
  }
  const recent = sqlite
    .prepare(
      `select id, approval_title as title, status, decided_at, decided_by, decision_reason as reason, approved_data is not null as with_changes
       ${alike} order by decided_at desc limit ${RECENT}`,
    )
    .all(...params) as (Omit<ApprovalPrecedents['recent'][number], 'with_changes'> & { with_changes: number })[]
  return { counts, recent: recent.map((row) => ({ ...row, with_changes: row.with_changes === 1 })) }
}
