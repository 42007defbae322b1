import { z } from 'zod'
import { approvalListInputSchema } from './approvals'
import { executionListInputSchema } from './executions'
import { eventFilterSchema } from './monitoring'
import { queueFilterSchema } from './queue'

/** At most this many rows go into one export, newest first. */
export const EXPORT_LIMIT = 100_000

/** What a list shows, without its paging: the export holds every row the filter matches. */
export const executionExportInputSchema = executionListInputSchema.pick({ workflow_id: true, status: true, search: true, since: true, held_back: true, scheduled: true, not_retried: true, dismissed: true }).strict().optional()
export const eventExportInputSchema = eventFilterSchema.optional()
export const queueExportInputSchema = queueFilterSchema.optional()
export const approvalExportInputSchema = approvalListInputSchema.pick({ status: true, priority: true, workflow_id: true, search: true, expiring_within_minutes: true, n8n_not_told: true, since: true }).strict().optional()

export const csvExportSchema = z.object({
  filename: z.string(),
  csv: z.string(),
  rows: z.number(),
  /** More rows matched than one export holds (the oldest were left out). */
  truncated: z.boolean(),
})
export type CsvExport = z.infer<typeof csvExportSchema>
