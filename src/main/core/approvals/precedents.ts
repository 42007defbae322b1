import type Database from 'better-sqlite3'
import type { ApprovalPrecedents } from '../../../shared/schemas/approvals'

/** Earlier decisions shown beside an approval. */
const RECENT = 5
/** The latest decisions of each outcome whose reasons are looked at, and how many reasons are offered. */
const REASONS_FROM = 200
const REASONS_OFFERED = 5
const OUTCOMES = ['approved', 'rejected', 'expired'] as const
/** One outcome of the requests like an approval: a stretch of the (workflow, kind, status, decided) index. */
const ALIKE = 'from workflow_approvals where workflow_id = ? and approval_type = ? and status = ?'

type Recent = ApprovalPrecedents['recent'][number]

/**
 * How requests like this one (same workflow, same kind) were decided before it: counts by
 * outcome and the newest few. Each outcome is one stretch of the (workflow, kind, status,
 * decided) index: counted without reading a row, its newest read first.
 */
export function approvalPrecedents(sqlite: Database.Database, approval: { id: number; workflow_id: number | null; approval_type: string; status: string }): ApprovalPrecedents {
  const counts = { approved: 0, rejected: 0, expired: 0 }
  if (approval.workflow_id === null) return { counts, recent: [], reasons: [] }
  const count = sqlite.prepare(`select count(*) ${ALIKE}`).pluck()
  const newest = sqlite.prepare(
    `select id, approval_title as title, status, decided_at, decided_by, decision_reason as reason, approved_data is not null as with_changes
     ${ALIKE} and id != ? order by decided_at desc limit ${RECENT}`,
  )
  const recent: Recent[] = []
  for (const status of OUTCOMES) {
    // A decided approval is not its own precedent.
    counts[status] = (count.get(approval.workflow_id, approval.approval_type, status) as number) - (approval.status === status ? 1 : 0)
    const rows = newest.all(approval.workflow_id, approval.approval_type, status, approval.id) as (Omit<Recent, 'with_changes'> & { with_changes: number })[]
    recent.push(...rows.map((row) => ({ ...row, with_changes: row.with_changes === 1 })))
  }
  recent.sort((a, b) => (b.decided_at ?? 0) - (a.decided_at ?? 0))
  return { counts, recent: recent.slice(0, RECENT), reasons: reasonsGiven(sqlite, approval.workflow_id, approval.approval_type, approval.id) }
}

/**
 * The reasons given most often in the latest REASONS_FROM approvals and rejections alike, the
 * same words counted together whatever their case or spacing, in their newest wording. Each outcome reads its newest
 * stretch of the index, so this costs the same however long the history.
 */
function reasonsGiven(sqlite: Database.Database, workflowId: number, approvalType: string, exceptId: number): ApprovalPrecedents['reasons'] {
  const latest = sqlite.prepare(`select decision_reason ${ALIKE} and id != ? order by decided_at desc limit ${REASONS_FROM}`).pluck()
  const given = new Map<string, ApprovalPrecedents['reasons'][number]>()
  for (const decision of ['approved', 'rejected'] as const) {
    for (const reason of latest.all(workflowId, approvalType, decision, exceptId) as (string | null)[]) {
      const text = reason?.trim().replace(/\s+/g, ' ')
      if (!text) continue
      const key = `${decision}:${text.toLowerCase()}`
      const seen = given.get(key)
      if (seen) seen.times += 1
      else given.set(key, { text, decision, times: 1 })
    }
  }
  return [...given.values()].sort((a, b) => b.times - a.times).slice(0, REASONS_OFFERED)
}
