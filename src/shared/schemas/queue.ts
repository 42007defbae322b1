import { z } from 'zod'
import { pagedList, pageFields } from './paging'
import { approvalStatuses } from './approvals'
import { executionStatuses } from './executions'
import { webhookKinds } from './webhooks'

export const queueStatuses = ['queued', 'processing', 'completed', 'failed'] as const

export const queueAttemptSchema = z.object({
  at: z.number(),
  outcome: z.enum(['completed', 'retry', 'failed', 'replayed', 'recovered']),
  error: z.string().optional(),
  /** A replay with a corrected body: the places changed. */
  changed: z.array(z.string()).optional(),
})
export type QueueAttempt = z.infer<typeof queueAttemptSchema>

export const queueItemSummarySchema = z.object({
  id: z.number(),
  workflowId: z.number().nullable(),
  kind: z.enum(webhookKinds),
  status: z.enum(queueStatuses),
  retryCount: z.number(),
  nextRetryAt: z.number().nullable(),
  lastError: z.string().nullable(),
  receivedAt: z.number(),
  processedAt: z.number().nullable(),
})
export type QueueItemSummary = z.infer<typeof queueItemSummarySchema>

/**
 * What a webhook led to: the executions a trigger or a generic event started, or the one a
 * callback reported on; the approval n8n asked for. Only what Flowgate still keeps.
 */
export const webhookLedToSchema = z.object({
  executions: z.array(z.object({ id: z.number(), workflow_id: z.number(), status: z.enum(executionStatuses) })),
  approvals: z.array(z.object({ id: z.number(), title: z.string(), status: z.enum(approvalStatuses) })),
})
export type WebhookLedTo = z.infer<typeof webhookLedToSchema>

export const queueItemSchema = queueItemSummarySchema.extend({
  payload: z.unknown(),
  /** What n8n sent, once the payload was corrected before a replay; null while it is as received. */
  original_payload: z.unknown(),
  headers: z.record(z.string(), z.string()),
  source: z.string().nullable(),
  attempts: z.array(queueAttemptSchema),
  led_to: webhookLedToSchema,
})
export type QueueItem = z.infer<typeof queueItemSchema>

export const queueStatusSchema = z.object({
  counts: z.record(z.enum(queueStatuses), z.number()),
  total: z.number(),
  failed: z.number(),
  oldestQueuedAgeSeconds: z.number().nullable(),
  nextRetryAt: z.number().nullable(),
})
export type QueueStatus = z.infer<typeof queueStatusSchema>

const id = z.coerce.number().int().positive()

export const queueFilterSchema = z
  .object({
    status: z.enum(queueStatuses).optional(),
    workflowId: id.optional(),
    kind: z.enum(webhookKinds).optional(),
    /** A webhook's number (`#12` or `12`), text in its body, or exactly its sender or its idempotency key. */
    search: z.string().trim().min(1).max(200).optional(),
  })
  .strict()

export const queueListInputSchema = queueFilterSchema
  .extend(pageFields)
  .strict()

export const queueListSchema = pagedList(queueItemSummarySchema)
export type QueueList = z.infer<typeof queueListSchema>

export const queueIdInputSchema = z.object({ id }).strict()

/** A replay, optionally with the body corrected (checked as n8n's would be at the door). */
export const queueReplayInputSchema = z.object({ id, payload: z.record(z.string(), z.unknown()).optional() }).strict()

export const queueReplayManyInputSchema = z.union([
  z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  z.object({ filter: queueFilterSchema }).strict(),
])

export const queueChangedSchema = z.object({ affected: z.number(), ids: z.array(z.number()) })
