import type Database from 'better-sqlite3'
import type { QueueItem, WebhookLedTo } from '../../../shared/schemas/queue'

type Traced = Pick<QueueItem, 'id' | 'kind' | 'workflowId' | 'payload'>

/**
 * What a webhook led to, read where each kind leaves its mark: the executions a trigger or a
 * generic event started carry its id; a callback names the execution it reports on; n8n's
 * approval request is found by its resume URL.
 */
export function webhookLedTo(sqlite: Database.Database): (item: Traced) => WebhookLedTo {
  const started = sqlite.prepare('select id, workflow_id, status from workflow_executions where queue_item_id = ? order by id')
  const reportedOn = sqlite.prepare('select id, workflow_id, status from workflow_executions where id = ? and workflow_id = ?')
  const askedFor = sqlite.prepare('select id, approval_title as title, status from workflow_approvals where resume_url = ?')
  return (item) => {
    const payload = (item.payload ?? {}) as { execution_id?: unknown; resume_url?: unknown }
    const none: WebhookLedTo = { executions: [], approvals: [] }
    if (item.kind === 'execution_callback') {
      const id = Number(payload.execution_id)
      return Number.isSafeInteger(id) ? { ...none, executions: reportedOn.all(id, item.workflowId) as WebhookLedTo['executions'] } : none
    }
    if (item.kind === 'approval_request') {
      return typeof payload.resume_url === 'string' ? { ...none, approvals: askedFor.all(payload.resume_url) as WebhookLedTo['approvals'] } : none
    }
    return { ...none, executions: started.all(item.id) as WebhookLedTo['executions'] }
  }
}
