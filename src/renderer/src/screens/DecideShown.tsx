import { useState } from 'react'
import { plural } from '../../../shared/text'
import { Confirmation } from '../components/common'
import { useServices } from '../services/context'
import { useApprovals, useInbox } from '../stores/approvals'

/** With pending approvals listed: approve or reject every one shown, after a confirmation (and with Undo after). */
export function DecideShown() {
  const services = useServices()
  const { filter, total } = useApprovals()
  const busy = useInbox((s) => s.busy)
  const [asking, setAsking] = useState<'approved' | 'rejected' | null>(null)
  if (filter.status !== 'pending' || total === 0) return null

  const decide = (decision: 'approved' | 'rejected') => {
    setAsking(null)
    void useInbox.getState().decideShown(services, decision, filter)
  }
  const verb = asking === 'approved' ? 'Approve' : 'Reject'

  return (
    <div className="toolbar" data-testid="decide-shown">
      <button type="button" disabled={busy || asking !== null} onClick={() => setAsking('approved')}>
        Approve all shown…
      </button>
      <button type="button" className="danger" disabled={busy || asking !== null} onClick={() => setAsking('rejected')}>
        Reject all shown…
      </button>
      {asking && (
        <Confirmation
          testId="decide-shown-confirm"
          tone={asking === 'approved' ? 'primary' : 'danger'}
          confirm={`${verb} them`}
          keep="Keep them pending"
          onConfirm={() => decide(asking)}
          onKeep={() => setAsking(null)}
        >
          {verb} the {plural(total, 'pending approval')} shown, not only those loaded? Any with a decision already waiting are left out; Undo is offered while the undo
          window lasts.
        </Confirmation>
      )}
    </div>
  )
}
