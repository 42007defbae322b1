import type { Monitor } from '../monitor'
import type { WebhookHandlers } from './worker'

/**
 * Until the workflow, execution and approval services take their kinds over, each item is
 * recorded as a monitoring event so nothing received goes unseen.
 */
export function recordingHandlers(monitor: Monitor): WebhookHandlers {
  const record: WebhookHandlers[keyof WebhookHandlers] = (item) =>
    monitor.record({
      eventType: 'webhook_processed',
      severity: 'info',
      workflowId: item.workflowId,
      data: { queueId: item.id, kind: item.kind },
    })
  return { execution_callback: record, approval_request: record, trigger: record, generic_event: record }
}
