import type Database from 'better-sqlite3'
import { FlowgateError } from '../../../shared/errors'
import { executionCallbackSchema, type GenericEvent } from '../../../shared/schemas/webhooks'
import type { Monitor } from '../monitor'
import type { ClaimedItem } from '../queue/queue-store'
import { PermanentError, type WebhookHandlers } from '../queue/worker'
import type { ExecutionService, NewExecution } from './execution-service'

/**
 * Turns queue items into executions: a trigger starts its workflow, a generic event starts
 * every active workflow listening for it, a callback moves its execution along.
 */
export function routingHandlers(
  sqlite: Database.Database,
  executions: ExecutionService,
  monitor: Monitor,
): Pick<WebhookHandlers, 'trigger' | 'generic_event' | 'execution_callback'> {
  const listeners = sqlite
    .prepare(
      `select id from n8n_workflows where is_active = 1 and deleted_at is null
       and exists (select 1 from json_each(trigger_events) where value = ?) order by id`,
    )
    .pluck()

  // A workflow that is gone or switched off will not come back for this item.
  const start = (request: NewExecution) => {
    try {
      executions.create(request)
    } catch (error) {
      if (error instanceof FlowgateError) throw new PermanentError(error.message)
      throw error
    }
  }

  return {
    trigger: (item: ClaimedItem) => {
      if (item.workflowId === null) throw new PermanentError('A trigger must name its workflow')
      start({ workflowId: item.workflowId, triggerEvent: 'webhook', triggerSource: 'webhook', inputData: item.payload, queueItemId: item.id })
    },
    generic_event: (item: ClaimedItem) => {
      const { event, data } = item.payload as GenericEvent
      const workflowIds = listeners.all(event) as number[]
      if (workflowIds.length === 0) {
        monitor.record({ eventType: 'event_unrouted', severity: 'info', data: { event, queueId: item.id } })
        return
      }
      // Every listener is tried so the failure names all that refused; the item is all or nothing, so none starts until it is corrected.
      const refused: string[] = []
      for (const workflowId of workflowIds) {
        try {
          start({ workflowId, triggerEvent: event, triggerSource: 'generic', inputData: data, queueItemId: item.id })
        } catch (error) {
          if (!(error instanceof PermanentError)) throw error
          refused.push(error.message)
        }
      }
      if (refused.length) throw new PermanentError(refused.join('; '))
    },
    execution_callback: (item: ClaimedItem) => {
      if (item.workflowId === null) throw new PermanentError('A callback must name its workflow')
      executions.applyCallback(item.workflowId, executionCallbackSchema.parse(item.payload))
    },
  }
}
