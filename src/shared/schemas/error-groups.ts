import { z } from 'zod'

/**
 * A kind of error failed executions ended with: the wording they share ("…" where they differ),
 * the text the Executions search finds them by, how many, which workflows, and when last.
 */
export const errorGroupSchema = z.object({ pattern: z.string(), search: z.string(), count: z.number(), workflow_ids: z.array(z.number()), last_at: z.number() })
export type ErrorGroup = z.infer<typeof errorGroupSchema>
