import { z } from 'zod'

/** Bodies n8n sends to Flowgate (protocol v1). Validated at intake, before a 2xx. */
const flowgateId = z.union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/).transform(Number)])
const n8nExecutionId = z.union([z.string().min(1).max(64), z.number().int().nonnegative().transform(String)])

export const executionCallbackSchema = z.object({
  type: z.enum(['execution.started', 'execution.completed', 'execution.failed']),
  execution_id: flowgateId,
  n8n_execution_id: n8nExecutionId.optional(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
})

export const approvalRequestSchema = z.object({
  type: z.literal('approval.requested'),
  execution_id: flowgateId.optional(),
  n8n_execution_id: n8nExecutionId,
  resume_url: z.url({ protocol: /^https?$/ }),
  approval_type: z.string().min(1).max(64),
  title: z.string().min(1).max(500),
  description: z.string().max(10_000).optional(),
  priority: z.enum(['high', 'medium', 'low']).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  expires_in_hours: z.number().positive().max(8_760).optional(),
})

export const genericEventSchema = z.object({
  event: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
})

export const webhookKinds = ['execution_callback', 'approval_request', 'trigger', 'generic_event'] as const
export type WebhookKind = (typeof webhookKinds)[number]

export const webhookTypes = ['execution.started', 'execution.completed', 'execution.failed', 'approval.requested'] as const

export type ExecutionCallback = z.output<typeof executionCallbackSchema>
export type ApprovalRequest = z.output<typeof approvalRequestSchema>
export type GenericEvent = z.output<typeof genericEventSchema>
