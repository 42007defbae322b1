import { useEffect, useState } from 'react'
import type { Approval, ApprovalPrecedents } from '../../../shared/schemas/approvals'
import { relativeTime } from '../lib/format'
import { useServices } from '../services/context'
import { useNavigation } from '../stores/navigation'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'

const outcomeWords = (counts: ApprovalPrecedents['counts']) =>
  (['approved', 'rejected', 'expired'] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`)
    .join(' · ')

/** Earlier decisions on requests like this approval, read whenever another approval is shown. */
export function usePrecedents(approvalId: number): ApprovalPrecedents | null {
  const services = useServices()
  const [precedents, setPrecedents] = useState<{ approvalId: number; found: ApprovalPrecedents } | null>(null)
  useEffect(() => {
    let current = true
    services.call('approvals.precedents', { id: approvalId }).then(
      (found) => current && setPrecedents({ approvalId, found }),
      () => current && setPrecedents(null),
    )
    return () => {
      current = false
    }
  }, [services, approvalId])
  // Another approval's precedents are never shown while this one's are read.
  return precedents?.approvalId === approvalId ? precedents.found : null
}

/** How requests like this one (same workflow, same kind) were decided before: to decide alike, or knowingly not. */
export function Precedents({ approval, precedents }: { approval: Approval; precedents: ApprovalPrecedents | null }) {
  const go = useNavigation((s) => s.go)
  const names = useWorkflowNames((s) => s.names)

  if (approval.workflow_id === null || !precedents) return null
  const about = `${approval.approval_type} requests of ${workflowLabel(names, approval.workflow_id)}`
  return (
    <div data-testid="precedents">
      <h4>Decided before</h4>
      {precedents.recent.length === 0 ? (
        <p className="muted">No earlier {about} were decided.</p>
      ) : (
        <>
          <p>
            Earlier {about}: {outcomeWords(precedents.counts)}
          </p>
          <ul className="precedents">
            {precedents.recent.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => go({ screen: 'approvals', id: p.id })}>
                  #{p.id} {p.title}
                </button>{' '}
                <span className="muted small">
                  {p.status}
                  {p.with_changes ? ' with changes' : ''}
                  {p.decided_by ? ` by ${p.decided_by}` : ''} {relativeTime(p.decided_at)}
                  {p.reason ? `: “${p.reason}”` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/** The reasons given most often for such decisions: a click puts one in the reason box (deciding stays a separate step). */
export function ReasonsGivenBefore({ reasons, onPick }: { reasons: ApprovalPrecedents['reasons']; onPick: (text: string) => void }) {
  if (reasons.length === 0) return null
  return (
    <div className="reasons-given" role="group" aria-label="Reasons given before" data-testid="reasons-given">
      <span className="muted small">Given before:</span>
      {reasons.map((reason) => (
        <button type="button" key={`${reason.decision}:${reason.text}`} className="chip" title={`Use this reason (${reason.decision} ${reason.times}×)`} onClick={() => onPick(reason.text)}>
          “{reason.text}” <span className="muted small">{reason.decision} {reason.times}×</span>
        </button>
      ))}
    </div>
  )
}
