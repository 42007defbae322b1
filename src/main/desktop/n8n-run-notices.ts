import { GROUP_AT, type Notice } from './tray-model'

/** A run of a linked workflow that failed in n8n without Flowgate starting it, as the activity log has it. */
export interface N8nRunFailure {
  /** The activity log's event id: higher is newer. */
  eventId: number
  workflowId: number
  workflow: string
  error: string
}

/** How many of the newest such failures the tray reads. */
export const N8N_RUN_FAILURES_READ = 20

/**
 * Notices for runs that failed in n8n since the last look (events above `lastSeenEventId`; null:
 * none before): one each for a few, one grouped notice for a burst; none at the first look
 * (`lastSeenEventId` undefined). A click opens the workflow.
 */
export function newN8nRunFailureNotices(lastSeenEventId: number | null | undefined, failures: N8nRunFailure[]): Notice[] {
  if (lastSeenEventId === undefined) return []
  const fresh = failures.filter((failure) => lastSeenEventId === null || failure.eventId > lastSeenEventId)
  const notice = (title: string, body: string, workflowId: number): Notice => ({ title, body, click: { kind: 'openWorkflow', id: workflowId }, approvalId: null, actions: [] })
  if (fresh.length >= GROUP_AT) {
    const workflows = [...new Set(fresh.map((failure) => failure.workflow))]
    return [notice(`${fresh.length >= N8N_RUN_FAILURES_READ ? `${N8N_RUN_FAILURES_READ}+` : fresh.length} runs failed in n8n`, `${workflows.slice(0, 3).join(', ')}${workflows.length > 3 ? ', …' : ''}`, fresh[0]!.workflowId)]
  }
  return fresh.map((failure) => notice(`"${failure.workflow}" failed in n8n`, failure.error.length > 160 ? `${failure.error.slice(0, 159)}…` : failure.error, failure.workflowId))
}
