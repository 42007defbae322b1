import { z } from 'zod'

export const severities = ['info', 'warning', 'error', 'critical'] as const

export const monitoringEventSchema = z.object({
  id: z.number(),
  workflow_id: z.number().nullable(),
  execution_id: z.number().nullable(),
  event_type: z.string(),
  severity: z.enum(severities),
  event_data: z.unknown(),
  timestamp: z.number(),
})

export const monitoringEventsInputSchema = z
  .object({
    workflow_id: z.coerce.number().int().positive().optional(),
    execution_id: z.coerce.number().int().positive().optional(),
    severity: z.enum(severities).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict()

export const monitoringErrorsInputSchema = z
  .object({
    hours: z.coerce.number().positive().max(24 * 365).default(24),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict()

export const monitoringEventListSchema = z.object({ items: z.array(monitoringEventSchema) })

export const backupInputSchema = z
  .object({ path: z.string().trim().min(1).refine((p) => p.endsWith('.db') || p.endsWith('.sqlite'), 'must end in .db or .sqlite') })
  .strict()
export const backupResultSchema = z.object({ path: z.string(), bytes: z.number() })
