import type Database from 'better-sqlite3'
import type { ApprovalPrecedents } from '../../../shared/schemas/approvals'

/** Earlier decisions shown beside an approval. */
const RECENT = 5
const OUTCOMES = ['approved', 'rejected', 'expired'] as const

type Recent = ApprovalPrecedents['recent'][number]

/**
 * How requests like this one (same workflow, same kind) were decided before it: counts by
 * outcome and the newest few. Each outcome is one stretch of the (workflow, kind, status,
 * decided) index: counted without reading a row, its newest read first.
 */
export function approvalPrecedents(sqlite: Database.Database, approval: { id: number; workflow_id: number | null; approval_type: string; status: string }): ApprovalPrecedents {
  const counts = { approved: 0, rejected: 0, expired: 0 }
  if (approval.workflow_id === null) return { counts, recent: [] }
  const alike = 'from workflow_approvals where workflow_id = ? and approval_type = ? and status = ?'
  const count = sqlite.prepare(`select count(*) ${alike}`).pluck()
  const newest = sqlite.prepare(
    `select id, approval_title as title, status, decided_at, decided_by, decision_reason as reason, approved_data is not null as with_changes
     ${alike} and id != ? order by decided_at desc limit ${RECENT}`,
  )
  const recent: Recent[] = []
  for (const status of OUTCOMES) {
    // A decided approval is not its own precedent.
    counts[status] = (count.get(approval.workflow_id, approval.approval_type, status) as number) - (approval.status === status ? 1 : 0)
    const rows = newest.all(approval.workflow_id, approval.approval_type, status, approval.id) as (Omit<Recent, 'with_changes'> & { with_changes: number })[]
    recent.push(...rows.map((row) => ({ ...row, with_changes: row.with_changes === 1 })))
  }
  recent.sort((a, b) => (b.decided_at ?? 0) - (a.decided_at ?? 0))
  return { counts, recent: recent.slice(0, RECENT) }
}
