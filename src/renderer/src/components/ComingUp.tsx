import type { ComingUp as Scheduled } from '../../../shared/schemas/monitoring'
import { comingUpText } from '../lib/coming-up'
import { relativeTime, shortDateTime, dateTime } from '../lib/format'
import type { Services } from '../services/api'
import { useServices } from '../services/context'
import { openApprovals } from '../stores/approvals'
import { useDashboard } from '../stores/dashboard'
import { openExecutions } from '../stores/executions'
import { useNavigation } from '../stores/navigation'
import { openQueue } from '../stores/queue'

/** Where each scheduled thing is seen: what waits, or the record itself when it is one. */
function follow(services: Services, item: Scheduled): unknown {
  const go = useNavigation.getState().go
  const workflow_id = item.workflow_id ?? undefined
  switch (item.kind) {
    case 'window_opens':
    case 'hour_allows':
    case 'day_allows':
      return openExecutions(services, { held_back: true, workflow_id })
    case 'dispatch_retry':
      return openExecutions(services, { status: 'pending', workflow_id })
    case 'dispatch_scheduled':
      return item.count === 1 ? go({ screen: 'executions', id: item.id }) : openExecutions(services, { scheduled: true, workflow_id })
    case 'resume_retry':
    case 'stop_retry':
    case 'quiet_unless_heard':
      return go({ screen: 'workflows', id: item.workflow_id })
    case 'backup':
    case 'alerts_sent':
      return go({ screen: 'settings', id: null })
    case 'webhook_retry':
      return openQueue(services, { status: 'queued' })
    case 'approval_expires':
      return item.count === 1 ? go({ screen: 'approvals', id: item.id }) : openApprovals(services, { status: 'pending', workflow_id })
    case 'execution_times_out':
      return item.count === 1 ? go({ screen: 'executions', id: item.id }) : openExecutions(services, { status: 'running', workflow_id })
  }
}

/** One empty list for every read before the dashboard loads: a new one each time would re-render without end. */
const NOTHING: Scheduled[] = []

/** What Flowgate will do next on its own, soonest first, so nothing it does by itself is a surprise. */
export function ComingUp() {
  const services = useServices()
  const items = useDashboard((s) => s.dashboard?.coming_up ?? NOTHING)
  if (items.length === 0) return null
  return (
    <div className="panel coming-up" data-testid="coming-up">
      <h3>Coming up</h3>
      <ul>
        {items.map((item) => (
          <li key={`${item.kind}-${item.workflow_id}-${item.id}-${item.at}`}>
            <span className="muted small" title={dateTime(item.at)}>
              {shortDateTime(item.at)} ({relativeTime(item.at)})
            </span>{' '}
            <button type="button" className="link" onClick={() => void follow(services, item)}>
              {comingUpText(item)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
