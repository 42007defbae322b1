import type { Dashboard } from '../../../shared/schemas/monitoring'
import { relativeTime } from '../lib/format'
import { useServices } from '../services/context'
import { openExecutions } from '../stores/executions'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'

/**
 * What failed executions of the range failed with, most frequent first: one line per kind of
 * error (numbers and addresses set aside), each opening the failed executions that say it.
 */
export function ErrorGroups({ groups, range }: { groups: Dashboard['error_groups']; range: '24h' | '7d' }) {
  const services = useServices()
  const names = useWorkflowNames((s) => s.names)
  return (
    <div className="panel" data-testid="error-groups">
      <h3>What failed most ({range === '24h' ? 'last 24 hours' : 'last 7 days'})</h3>
      {groups.length === 0 ? (
        <p className="muted">No execution failed in this range.</p>
      ) : (
        <ol className="error-groups">
          {groups.map((group) => (
            <li key={group.pattern}>
              <button type="button" className="link" onClick={() => void openExecutions(services, { status: 'failed', search: group.search || undefined })}>
                <strong>{group.count}×</strong> {group.pattern}
              </button>
              <span className="muted small">
                {' '}
                {group.workflow_ids.map((id) => workflowLabel(names, id)).join(', ')} · last {relativeTime(group.last_at)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
