import { approvalRequestSchema } from '../../../shared/schemas/webhooks'
import type { ClaimedItem } from '../queue/queue-store'
import { PermanentError, type WebhookHandlers } from '../queue/worker'
import type { ApprovalService } from './approval-service'

/** n8n's `approval.requested` callbacks become pending approvals. */
export function approvalHandlers(approvals: ApprovalService): Pick<WebhookHandlers, 'approval_request'> {
  return {
    approval_request: (item: ClaimedItem) => {
      if (item.workflowId === null) throw new PermanentError('An approval request must name its workflow')
      approvals.requestFromN8n(item.workflowId, approvalRequestSchema.parse(item.payload), item.id)
    },
  }
}
