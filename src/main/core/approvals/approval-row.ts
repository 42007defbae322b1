import type { Approval } from '../../../shared/schemas/approvals'

/** A workflow_approvals row as SQLite returns it. */
export interface ApprovalRow {
  id: number
  execution_id: number | null
  workflow_id: number | null
  n8n_execution_id: string | null
  resume_url: string | null
  approval_type: string
  approval_title: string
  approval_description: string | null
  approval_data: string | null
  status: Approval['status']
  priority: Approval['priority']
  auto_approval_confidence: number | null
  auto_approval_reasoning: string | null
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
  /** JSON, present where the query asked for it (see pendingDecisionColumn). */
  pending_decision?: string | null
}

/** The resume URL carries n8n's signature: it is used, never shown. */
export const toApproval = ({ resume_url, approval_data, pending_decision, ...row }: ApprovalRow): Approval => ({
  ...row,
  has_resume_url: resume_url !== null,
  approval_data: approval_data === null ? null : JSON.parse(approval_data),
  pending_decision: pending_decision ? JSON.parse(pending_decision) : null,
})
