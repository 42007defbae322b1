import { allOf, containsText, whereEquals, type Condition } from '../db/where'
import { searchedNumber } from '../../../shared/text'
import { notToldApprovalIds } from './approval-row'

export interface ApprovalFilter {
  status?: string
  priority?: string
  workflow_id?: number
  search?: string
  /** Only those that expire within this many minutes of `now`. */
  expiring_within_minutes?: number
  /** Only those whose decision n8n never took (its call failed for good). */
  n8n_not_told?: boolean
  /** Only those requested at or after this moment. */
  since?: number
}

/** A number is an approval's own id or the n8n execution waiting on it; words are looked for in its title, description, type and data (a recipient, say). */
function matching(search: string): Condition {
  const number = searchedNumber(search)
  if (number) return { sql: '(id = ? or n8n_execution_id = ?)', params: [Number(number), number] }
  return containsText(['approval_title', 'approval_description', 'approval_type', 'approval_data'], search)
}

/** The WHERE clause of the inbox's filter, the same for the list and its export. */
export function approvalFilter(filter: ApprovalFilter, now: number): Condition {
  const search = filter.search ? matching(filter.search) : null
  const expiring = filter.expiring_within_minutes ? { sql: 'expires_at <= ?', params: [now + filter.expiring_within_minutes * 60_000] } : null
  const notTold = filter.n8n_not_told ? { sql: `id in (${notToldApprovalIds})`, params: [] } : null
  const since = filter.since === undefined ? null : { sql: 'created_at >= ?', params: [filter.since] }
  return whereEquals({ status: filter.status, priority: filter.priority, workflow_id: filter.workflow_id }, allOf(search, expiring, notTold, since))
}
