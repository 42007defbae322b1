import { z } from 'zod'

export const n8nTestInputSchema = z
  .object({
    /** Values to try before saving them; the saved settings otherwise. */
    api_url: z.url({ protocol: /^https?$/ }).optional(),
    api_key: z.string().min(1).optional(),
  })
  .strict()
  .optional()

export const n8nTestResultSchema = z.object({
  ok: z.boolean(),
  problem: z.enum(['not_configured', 'unreachable', 'wrong_url', 'bad_key', 'error']).nullable(),
  message: z.string(),
  workflow_count: z.number().nullable(),
})
export type N8nTestResult = z.infer<typeof n8nTestResultSchema>
