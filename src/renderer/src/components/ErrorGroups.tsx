import type { ErrorGroup } from '../../../shared/schemas/error-groups'
import { relativeTime } from '../lib/format'
import { useServices } from '../services/context'
import { openExecutions } from '../stores/executions'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'

interface Props {
  groups: ErrorGroup[]
  title: string
  /** Scoped to one workflow: its name is not repeated, and a line opens that workflow's failures alone. */
  workflowId?: number
  testId?: string
}

/**
 * What failed executions failed with, most frequent first: one line per kind of error (numbers
 * and addresses set aside), each opening the failed executions that say it.
 */
export function ErrorGroups({ groups, title, workflowId, testId = 'error-groups' }: Props) {
  const services = useServices()
  const names = useWorkflowNames((s) => s.names)
  // On a workflow's page it is one more section of the page, not a panel of its own.
  const Heading = workflowId === undefined ? 'h3' : 'h4'
  return (
    <div className={workflowId === undefined ? 'panel' : undefined} data-testid={testId}>
      <Heading>{title}</Heading>
      {groups.length === 0 ? (
        <p className="muted">No execution failed in this range.</p>
      ) : (
        <ol className="error-groups">
          {groups.map((group) => (
            <li key={group.pattern}>
              <button type="button" className="link" onClick={() => void openExecutions(services, { status: 'failed', search: group.search || undefined, workflow_id: workflowId })}>
                <strong>{group.count}×</strong> {group.pattern}
              </button>
              <span className="muted small">
                {' '}
                {workflowId === undefined ? `${group.workflow_ids.map((id) => workflowLabel(names, id)).join(', ')} · ` : ''}last {relativeTime(group.last_at)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
