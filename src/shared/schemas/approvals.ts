import { z } from 'zod'
import { flagField, pagedList, pageFields } from './paging'

export const approvalStatuses = ['pending', 'approved', 'rejected', 'expired'] as const
export const decisionSources = ['window', 'tray', 'notification', 'bulk', 'auto', 'expiry', 'api'] as const

export const approvalSchema = z.object({
  id: z.number(),
  execution_id: z.number().nullable(),
  workflow_id: z.number().nullable(),
  n8n_execution_id: z.string().nullable(),
  has_resume_url: z.boolean(),
  /** The webhook that carried n8n's request for it, while the queue keeps it (none for Flowgate's own gate). */
  webhook_id: z.number().nullable(),
  approval_type: z.string(),
  approval_title: z.string(),
  approval_description: z.string().nullable(),
  approval_data: z.unknown(),
  /** The data as a person approved it when they changed it first; n8n (or the dispatch) got this. */
  approved_data: z.record(z.string(), z.unknown()).nullable(),
  status: z.enum(approvalStatuses),
  priority: z.enum(['high', 'medium', 'low']),
  auto_approval_confidence: z.number().nullable(),
  auto_approval_reasoning: z.string().nullable(),
  /** What the model warned about when it was asked (none: an empty list; not asked: null). */
  auto_red_flags: z.array(z.string()).nullable(),
  auto_outcome: z.enum(['approve', 'manual']).nullable(),
  hold_reason: z.string().nullable(),
  auto_reason: z.string().nullable(),
  auto_model: z.string().nullable(),
  auto_latency_ms: z.number().nullable(),
  auto_prompt_tokens: z.number().nullable(),
  auto_completion_tokens: z.number().nullable(),
  /** OpenRouter credits (US dollars) asking the model cost, as its answer said; null when not asked or not said. */
  auto_cost: z.number().nullable(),
  expires_at: z.number().nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.number().nullable(),
  decision_reason: z.string().nullable(),
  decision_source: z.enum(decisionSources).nullable(),
  /** A person's decision still in its undo window: the approval stays pending until then. */
  pending_decision: z
    .object({ decision: z.enum(['approved', 'rejected']), approver: z.string(), takes_effect_at: z.number(), with_changes: z.boolean() })
    .nullable(),
  /** The call that tells n8n the decision (n8n-requested approvals, once decided): how it went. */
  resume_call: z
    .object({
      status: z.enum(['pending', 'sending', 'done', 'failed']),
      attempts: z.number(),
      last_status: z.number().nullable(),
      last_error: z.string().nullable(),
      /** When it is tried again, while it waits. */
      next_attempt_at: z.number().nullable(),
      /** It waits because the workflow's calls to n8n are held. */
      held: z.boolean(),
      updated_at: z.number(),
    })
    .nullable(),
  created_at: z.number(),
})
export type Approval = z.infer<typeof approvalSchema>
export type ResumeCall = NonNullable<Approval['resume_call']>

export const approvalListInputSchema = z
  .object({
    status: z.enum(approvalStatuses).optional(),
    priority: z.enum(['high', 'medium', 'low']).optional(),
    workflow_id: z.coerce.number().int().positive().optional(),
    /** Words in the title, description or type (case-insensitive). */
    search: z.string().trim().max(200).optional(),
    /** Only those that expire within this many minutes (a week at most). */
    expiring_within_minutes: z.coerce.number().int().min(1).max(10_080).optional(),
    /** Only those whose decision n8n never took (its call failed for good): to send again. */
    n8n_not_told: flagField.optional(),
    /** Only those requested at or after this moment (ms since the epoch). */
    since: z.coerce.number().int().min(0).optional(),
    ...pageFields,
  })
  .strict()

export const approvalListSchema = pagedList(approvalSchema)

export const approvalIdInputSchema = z.object({ id: z.coerce.number().int().positive() }).strict()

/** More time for a pending approval: its expiry moves this many hours later (a month at most). */
export const approvalExtendInputSchema = z
  .object({ id: z.coerce.number().int().positive(), hours: z.coerce.number().int('must be whole hours').min(1).max(720) })
  .strict()

const decisionFields = {
  approver_name: z.string().trim().min(1, 'is required').max(200),
  reason: z.string().trim().max(2_000).optional(),
  /** Decisions from Flowgate's own window, tray or notifications can be undone for a while; the API's take effect at once. */
  source: z.enum(['window', 'tray', 'notification', 'api']).default('api'),
}

/** The largest approved data accepted, as JSON text: what a webhook may carry. */
export const APPROVED_DATA_MAX_CHARS = 1_048_576

/** Data a person changed before sending it on (an approval's, a retried execution's input): an object, at most 1 MiB as JSON. */
export const editedDataSchema = z.record(z.string(), z.unknown()).refine((data) => JSON.stringify(data).length <= APPROVED_DATA_MAX_CHARS, 'is larger than 1 MiB as JSON')

export const approvalDecideInputSchema = z
  .object({
    id: z.coerce.number().int().positive(),
    decision: z.enum(['approved', 'rejected']),
    /** The approval's data as changed before approving (a subject fixed, a recipient removed); sent on in its place. */
    approved_data: editedDataSchema.optional(),
    ...decisionFields,
  })
  .strict()
  .refine((input) => input.approved_data === undefined || input.decision === 'approved', {
    message: 'changed data can only come with an approval; a rejection sends nothing on',
    path: ['approved_data'],
  })

/** The most approvals one bulk call decides. */
export const BULK_LIMIT = 10_000

/** Every pending approval the inbox's filter shows (status is pending by definition). */
const shownFilterSchema = approvalListInputSchema.pick({ priority: true, workflow_id: true, search: true, expiring_within_minutes: true, since: true }).strict()

export const approvalBulkInputSchema = z
  .object({
    approval_ids: z.array(z.coerce.number().int().positive()).min(1).max(BULK_LIMIT).optional(),
    filter: shownFilterSchema.optional(),
    action: z.enum(['approved', 'rejected']),
    ...decisionFields,
  })
  .strict()
  .refine((input) => (input.approval_ids === undefined) !== (input.filter === undefined), {
    message: 'give either approval_ids or filter (every pending approval it matches), not both',
    path: ['approval_ids'],
  })

const skippedSchema = z.array(z.object({ id: z.number(), reason: z.string() }))

export const approvalBulkResultSchema = z.object({
  decided: z.array(z.number()),
  skipped: skippedSchema,
  /** When the decisions take effect if not undone first; null: they already have. */
  takes_effect_at: z.number().nullable(),
  /** Pending approvals the filter matched beyond this call's limit: call again for them. */
  remaining: z.number(),
})

export const approvalUndoInputSchema = z.object({ approval_ids: z.array(z.coerce.number().int().positive()).min(1).max(10_000) }).strict()

export const approvalUndoResultSchema = z.object({ undone: z.array(z.number()), skipped: skippedSchema })

/** The model's calls over a stretch of time: how many, what they used and cost. */
export const modelUsageSchema = z.object({
  calls: z.number(),
  /** Errors, timeouts, refusals and answers that could not be used. */
  failed: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  /** OpenRouter credits (US dollars), summed over the calls whose answer said their cost. */
  cost: z.number(),
  /** Calls whose cost is not known (no answer, or a provider that does not say). */
  unpriced_calls: z.number(),
})
export type ModelUsage = z.infer<typeof modelUsageSchema>

/** What asking the model cost today (UTC, as the daily limits count) and over 30 days, against the daily budget. */
export const aiUsageSchema = z.object({
  today: modelUsageSchema,
  last_30_days: modelUsageSchema,
  /** AUTO_APPROVAL_DAILY_BUDGET: credits a day the model may cost; null when not capped. */
  daily_budget: z.number().nullable(),
  /** Over 30 days, costliest model first. */
  by_model: z.array(modelUsageSchema.extend({ model: z.string() })),
})
export type AiUsage = z.infer<typeof aiUsageSchema>

export const approvalStatsSchema = z.object({
  by_status: z.record(z.string(), z.number()),
  by_type: z.record(z.string(), z.number()),
  by_priority: z.record(z.string(), z.number()),
  /** Median seconds from request to a person's or the model's decision (expiry excluded). */
  median_seconds_to_decision: z.number().nullable(),
  /** Share of decisions the auto-approver made. */
  auto_approval_rate: z.number().nullable(),
  /** Where the auto-approver gave a verdict and a person decided: how often they agreed
   * (approve ↔ approved, manual ↔ rejected). Fed by shadow mode. */
  ai_human_agreement: z.object({ compared: z.number(), agreed: z.number(), rate: z.number().nullable() }),
  ai_usage: aiUsageSchema,
})
export type ApprovalStats = z.infer<typeof approvalStatsSchema>

/**
 * How requests like one approval (same workflow, same kind) were decided before: counts by
 * outcome, and the newest few with who decided and why — to decide consistently.
 */
export const approvalPrecedentsSchema = z.object({
  counts: z.object({ approved: z.number(), rejected: z.number(), expired: z.number() }),
  recent: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      status: z.enum(['approved', 'rejected', 'expired']),
      decided_at: z.number().nullable(),
      decided_by: z.string().nullable(),
      reason: z.string().nullable(),
      /** Approved with the data changed first. */
      with_changes: z.boolean(),
    }),
  ),
  /** The reasons people gave most often in the latest such decisions, to give one again in a click. */
  reasons: z.array(z.object({ text: z.string(), decision: z.enum(['approved', 'rejected']), times: z.number() })),
})
export type ApprovalPrecedents = z.infer<typeof approvalPrecedentsSchema>

/** How close to its expiry an undecided approval is announced (desktop notice, alert). */
export const EXPIRY_WARNING_MINUTES = 15
