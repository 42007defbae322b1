import type { Dashboard } from '../../../shared/schemas/monitoring'
import { relativeTime } from '../lib/format'
import { useServices } from '../services/context'
import { openExecutions } from '../stores/executions'
import { useNavigation } from '../stores/navigation'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'

interface Props {
  dashboard: Dashboard
  range: '24h' | '7d'
}

/** Each workflow's runs of the range, those failing most first, with what is wrong with it now: where to look. */
export function WorkflowsAtAGlance({ dashboard, range }: Props) {
  const services = useServices()
  const names = useWorkflowNames((s) => s.names)
  const go = useNavigation.getState().go
  const period = range === '24h' ? '24h' : '7d'
  const failing = new Map(dashboard.failing_workflows.map((w) => [w.id, w.failed_in_a_row]))
  const held = new Set(dashboard.held_workflows.map((w) => w.id))
  const quiet = new Set(dashboard.quiet_workflows.map((w) => w.id))
  const slow = new Set(dashboard.slow_workflows.map((w) => w.id))
  const stateOf = (id: number) =>
    [failing.has(id) ? `failing (${failing.get(id)} in a row)` : '', held.has(id) ? 'calls held' : '', quiet.has(id) ? 'quiet' : '', slow.has(id) ? 'slower than usual' : '']
      .filter(Boolean)
      .join(' · ')
  if (dashboard.workflow_activity.length === 0) return null
  return (
    <div className="panel" data-testid="workflows-at-a-glance">
      <h3>Workflows ({range === '24h' ? 'last 24 hours' : 'last 7 days'})</h3>
      <div className="table-scroll" role="region" aria-label="Workflows at a glance" tabIndex={0}>
        <table className="events glance">
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">Runs</th>
              <th scope="col">Failed</th>
              <th scope="col">Success</th>
              <th scope="col">Last run</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.workflow_activity.map((row) => ({ row, state: stateOf(row.id) })).map(({ row, state }) => (
              <tr key={row.id}>
                <td>
                  <button type="button" className="link" onClick={() => go({ screen: 'workflows', id: row.id })}>
                    {workflowLabel(names, row.id)}
                  </button>
                </td>
                <td>
                  <button type="button" className="link" onClick={() => void openExecutions(services, { workflow_id: row.id, period })}>
                    {row.runs}
                  </button>
                </td>
                <td>
                  {row.failed ? (
                    <button type="button" className="link" onClick={() => void openExecutions(services, { status: 'failed', workflow_id: row.id, period })}>
                      {row.failed}
                    </button>
                  ) : (
                    0
                  )}
                </td>
                <td>{Math.round(((row.runs - row.failed) / row.runs) * 100)}%</td>
                <td className="nowrap">{relativeTime(row.last_at)}</td>
                <td className={state ? 'warning' : 'muted'}>{state || 'ok'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
