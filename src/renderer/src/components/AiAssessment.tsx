import { creditsSaid } from '../../../shared/ai-spend'
import type { Approval } from '../../../shared/schemas/approvals'

/** What auto-approval made of the request: the model's verdict and its warnings, or why it was not asked. */
export function AiAssessment({ approval }: { approval: Approval }) {
  if (!approval.auto_outcome) return <p className="muted">Not assessed (auto-approval off for this workflow, or not configured).</p>
  const redFlags = approval.auto_red_flags ?? []
  return (
    <div className="rationale" data-testid="ai-rationale">
      <p>
        <strong>{approval.auto_outcome === 'approve' ? 'Would approve' : 'Left for you'}</strong>
        {approval.auto_approval_confidence !== null && ` · confidence ${approval.auto_approval_confidence}%`}
        {approval.auto_model && ` · ${approval.auto_model}`}
        {approval.auto_latency_ms !== null && ` · ${approval.auto_latency_ms} ms`}
        {approval.auto_prompt_tokens !== null && ` · ${approval.auto_prompt_tokens + (approval.auto_completion_tokens ?? 0)} tokens`}
        {approval.auto_cost !== null && ` · ${creditsSaid(approval.auto_cost)}`}
      </p>
      {approval.auto_approval_reasoning && <p>{approval.auto_approval_reasoning}</p>}
      {redFlags.length > 0 && (
        <ul className="red-flags" aria-label="Red flags the model raised" data-testid="red-flags">
          {redFlags.map((flag, i) => (
            <li key={i} className="warning">
              {flag}
            </li>
          ))}
        </ul>
      )}
      {approval.auto_reason && <p className="muted">{approval.auto_reason}</p>}
    </div>
  )
}
