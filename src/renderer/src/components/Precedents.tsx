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

/** How requests like this one (same workflow, same kind) were decided before: to decide alike, or knowingly not. */
export function Precedents({ approval }: { approval: Approval }) {
  const services = useServices()
  const go = useNavigation((s) => s.go)
  const names = useWorkflowNames((s) => s.names)
  const [precedents, setPrecedents] = useState<ApprovalPrecedents | null>(null)

  useEffect(() => {
    let current = true
    services.call('approvals.precedents', { id: approval.id }).then(
      (found) => current && setPrecedents(found),
      () => current && setPrecedents(null),
    )
    return () => {
      current = false
    }
  }, [services, approval.id])

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
