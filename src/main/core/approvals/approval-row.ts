import { pendingDecisionColumn } from './undoable-decisions'
import type { Approval } from '../../../shared/schemas/approvals'

/** A workflow_approvals row as SQLite returns it. */
export interface ApprovalRow {
  id: number
  execution_id: number | null
  workflow_id: number | null
  n8n_execution_id: string | null
  resume_url: string | null
  queue_item_id: number | null
  approval_type: string
  approval_title: string
  approval_description: string | null
  approval_data: string | null
  approved_data: string | null
  status: Approval['status']
  priority: Approval['priority']
  auto_approval_confidence: number | null
  auto_approval_reasoning: string | null
  auto_red_flags: string | null
  expires_at: number | null
  decided_by: string | null
  decided_at: number | null
  decision_reason: string | null
  decision_source: Approval['decision_source']
  auto_outcome: 'approve' | 'manual' | null
  hold_reason: string | null
  auto_reason: string | null
  auto_model: string | null
  auto_latency_ms: number | null
  auto_prompt_tokens: number | null
  auto_completion_tokens: number | null
  created_at: number
  /** Present where the query asked for it (see shownApprovalColumns). */
  auto_cost?: number | null
  /** Bookkeeping of the expiry warning; never shown. */
  expiry_warned_at?: number | null
  /** JSON, present where the query asked for it (see shownApprovalColumns). */
  pending_decision?: string | null
  resume_call?: string | null
  /** Present where the query asked for it (see shownApprovalColumns). */
  webhook_id?: number | null
}

/** The latest call telling n8n this approval's decision, as JSON (null before any). */
const resumeCallColumn = `(select json_object('status', o.status, 'attempts', o.attempts, 'last_status', o.last_status, 'last_error', o.last_error,
    'next_attempt_at', case when o.status = 'pending' then o.next_attempt_at end, 'updated_at', o.updated_at,
    'held', json(iif(o.status = 'pending' and exists (select 1 from n8n_workflows w where w.id = o.workflow_id and w.calls_held), 'true', 'false')))
  from outbox o where o.approval_id = workflow_approvals.id and o.kind = 'resume' order by o.id desc limit 1) as resume_call`

/** Approvals whose latest call telling n8n the decision failed for good: the ids, from the few failed calls. */
export const notToldApprovalIds = `select o.approval_id from outbox o where o.kind = 'resume' and o.status = 'failed'
  and not exists (select 1 from outbox n where n.approval_id = o.approval_id and n.kind = 'resume' and n.id > o.id)`

/** What asking the model about this approval cost, as its answers said (null: not asked, or no cost said). */
const autoCostColumn = '(select sum(m.cost) from model_calls m where m.approval_id = workflow_approvals.id) as auto_cost'

/** The webhook that carried n8n's request, while the queue keeps it. */
const webhookColumn = '(select q.id from webhook_queue q where q.id = workflow_approvals.queue_item_id) as webhook_id'

/** An approval's row as the consoles see it: with any decision in its undo window, how n8n was told, what the model cost, and the webhook it came by. */
export const shownApprovalColumns = `*, ${pendingDecisionColumn}, ${resumeCallColumn}, ${autoCostColumn}, ${webhookColumn}`

/** The resume URL carries n8n's signature: it is used, never shown. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the warning's bookkeeping is left out
export const toApproval = ({ resume_url, queue_item_id, webhook_id, approval_data, approved_data, auto_red_flags, pending_decision, resume_call, auto_cost, expiry_warned_at, ...row }: ApprovalRow): Approval => ({
  ...row,
  auto_cost: auto_cost ?? null,
  webhook_id: webhook_id ?? null,
  auto_red_flags: auto_red_flags === null ? null : JSON.parse(auto_red_flags),
  has_resume_url: resume_url !== null,
  approval_data: approval_data === null ? null : JSON.parse(approval_data),
  approved_data: approved_data === null ? null : JSON.parse(approved_data),
  pending_decision: pending_decision ? JSON.parse(pending_decision) : null,
  resume_call: resume_call ? JSON.parse(resume_call) : null,
})
