import { z } from 'zod'
import { duration } from '../text'
import { pagedList, pageFields } from './paging'
import { errorGroupSchema } from './error-groups'
import { FIELD_RULE_HINT, formatFieldRule, parseFieldRule } from '../input-fields'

const priority = z.enum(['high', 'medium', 'low'])
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
const eventName = z.string().trim().min(1).max(200)
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM')

/** What can hold a workflow's dispatches back: its send window closed, its running, hourly or daily limit reached. */
export const workflowLimitSchema = z.enum(['window', 'running', 'hourly', 'daily'])
export type WorkflowLimit = z.infer<typeof workflowLimitSchema>

/** The hours its dispatches may go out, in the operator's local time (see shared/send-window). */
export const sendWindowSchema = z
  .object({
    days: z.array(z.number().int().min(0).max(6)).min(1, 'must name at least one day (0 Sunday … 6 Saturday)').max(7),
    from: clockTime,
    to: clockTime,
  })
  .strict()
  .refine((window) => window.from !== window.to, { message: 'from and to must differ (no window: sends at any time)', path: ['to'] })

/** A field the input must have, stored one way: `email` or `email: email`. */
const fieldRule = z.string().transform((entry, context) => {
  const rule = parseFieldRule(entry)
  if (rule) return formatFieldRule(rule)
  context.addIssue({ code: 'custom', message: FIELD_RULE_HINT })
  return z.NEVER
})

/** `email, email: number` asks two things of one field; one of them must go. */
function oneKindPerField(rules: string[], context: z.RefinementCtx): void {
  const kinds = new Map<string, Set<string>>()
  for (const rule of rules.map(parseFieldRule)) if (rule) kinds.set(rule.path, (kinds.get(rule.path) ?? new Set()).add(rule.kind ?? 'any'))
  for (const [path, said] of kinds) if (said.size > 1) context.addIssue({ code: 'custom', message: `${path} is listed with different kinds (${[...said].join(', ')}); keep one` })
}

/** The registry's fields, named as in the seed (and so in REST bodies). No defaults here:
 * an update must touch only what it names. */
export const workflowFieldsSchema = z.object({
  workflow_name: z.string().trim().min(1, 'is required').max(200),
  workflow_description: z.string().max(5_000).nullable().optional(),
  n8n_workflow_id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, "-" or "_"').nullable().optional(),
  webhook_url: httpUrl.nullable().optional(),
  trigger_events: z.array(eventName).max(100),
  is_active: z.boolean(),
  requires_approval: z.boolean(),
  auto_approval_enabled: z.boolean(),
  /** Calls to n8n for this workflow wait in the outbox until released (nothing is lost meanwhile). */
  calls_held: z.boolean(),
  /** At most this many of its executions run in n8n at once; more wait for a free slot (null: no limit). */
  max_running: z.number().int().min(1, 'must be at least 1 (empty for no limit)').max(10_000).nullable().optional(),
  /** At most this many of its executions start in n8n within any hour (a mail provider's quota, say); more wait their turn (null: no limit). */
  max_per_hour: z.number().int().min(1, 'must be at least 1 (empty for no limit)').max(1_000_000).nullable().optional(),
  /** At most this many of its executions start in n8n within any 24 hours (a provider's daily quota); more wait their turn (null: no limit). */
  max_per_day: z.number().int().min(1, 'must be at least 1 (empty for no limit)').max(10_000_000).nullable().optional(),
  /** It should be heard from (an execution, a webhook from n8n) at least every so many hours; longer quiet is a warning (null: no expectation). */
  expect_run_every_hours: z.number().int().min(1, 'must be at least 1 hour (empty for no expectation)').max(744, 'must be at most 744 hours (31 days)').nullable().optional(),
  /** Fields its executions' input must have (`email`, `lead.phone`, `items[0].sku`), each optionally of a kind (`email: email`): a trigger, webhook or retry without them is refused before anything is sent. */
  required_input_fields: z.array(fieldRule).max(50, 'at most 50 fields').superRefine(oneKindPerField).optional(),
  /** Its calls to n8n are held once this many of its executions in a row failed: a broken workflow is sent nothing more until released (null: never). */
  hold_after_failures: z.number().int().min(1, 'must be at least 1 (empty for never)').max(1_000).nullable().optional(),
  /** Dispatches go out only within these hours (bulk e-mail in office hours, say); the rest wait for the next opening (null: any time). */
  send_window: sendWindowSchema.nullable().optional(),
  /** Its events never go out as alerts to a phone or chat (a noisy or test workflow); the console still shows them. */
  alerts_muted: z.boolean(),
  default_approval_type: z.string().trim().min(1).max(64),
  default_priority: priority,
  timeout_seconds: z.number().int().positive().max(604_800).nullable().optional(),
  /** Write-only: never sent back, only whether one is set. */
  webhook_secret: z.string().min(16, 'must be at least 16 characters').max(512).nullable().optional(),
})

export const workflowCreateSchema = workflowFieldsSchema
  .extend({
    trigger_events: workflowFieldsSchema.shape.trigger_events.default([]),
    is_active: workflowFieldsSchema.shape.is_active.default(true),
    requires_approval: workflowFieldsSchema.shape.requires_approval.default(false),
    auto_approval_enabled: workflowFieldsSchema.shape.auto_approval_enabled.default(false),
    calls_held: workflowFieldsSchema.shape.calls_held.default(false),
    alerts_muted: workflowFieldsSchema.shape.alerts_muted.default(false),
    default_approval_type: workflowFieldsSchema.shape.default_approval_type.default('workflow_execution'),
    default_priority: workflowFieldsSchema.shape.default_priority.default('medium'),
  })
  .strict()
export const workflowUpdateSchema = z
  .object({ id: z.coerce.number().int().positive(), changes: workflowFieldsSchema.partial().strict() })
  .strict()

export const workflowSchema = z.object({
  id: z.number(),
  workflow_name: z.string(),
  workflow_description: z.string().nullable(),
  n8n_workflow_id: z.string().nullable(),
  webhook_url: z.string().nullable(),
  trigger_events: z.array(z.string()),
  is_active: z.boolean(),
  requires_approval: z.boolean(),
  auto_approval_enabled: z.boolean(),
  calls_held: z.boolean(),
  /** Why Flowgate held its calls itself ("its last 5 runs failed (…)"); null when the operator did, or nothing is held. */
  calls_held_reason: z.string().nullable(),
  hold_after_failures: z.number().nullable(),
  required_input_fields: z.array(z.string()),
  /** Its executions that failed since its latest completed one (cancelled ones aside), and when the first of them was created. */
  failed_in_a_row: z.number(),
  failing_since: z.number().nullable(),
  /** Calls to n8n for this workflow not sent yet (held, waiting to be retried or for a free slot, or being sent). */
  waiting_calls: z.number(),
  max_running: z.number().nullable(),
  /** Its executions running in n8n now (sent, not yet reported finished). */
  running: z.number(),
  max_per_hour: z.number().nullable(),
  max_per_day: z.number().nullable(),
  /** Its executions sent to n8n within the last hour, and within the last 24 hours. */
  started_last_hour: z.number(),
  started_last_day: z.number(),
  send_window: z.object({ days: z.array(z.number()), from: z.string(), to: z.string() }).nullable(),
  expect_run_every_hours: z.number().nullable(),
  alerts_muted: z.boolean(),
  /** When it was last heard from: its latest execution created or webhook received (null: never). */
  last_heard_at: z.number().nullable(),
  /** While it is active and has been quiet longer than expected: since when it counts as quiet. */
  quiet_since: z.number().nullable(),
  /** Its recent completed runs take much longer than its usual ones (`run_times` in its stats says how much). */
  slower_than_usual: z.boolean(),
  /** While its hourly or daily limit is reached or its send window closed (whether or not dispatches wait): when the next may start. */
  next_start_at: z.number().nullable(),
  default_approval_type: z.string(),
  default_priority: priority,
  timeout_seconds: z.number().nullable(),
  has_webhook_secret: z.boolean(),
  /** Its own secret was sealed by a keychain this machine cannot open (a data folder moved here): the global one applies. */
  webhook_secret_unreadable: z.boolean(),
  execution_count: z.number(),
  success_count: z.number(),
  failure_count: z.number(),
  created_at: z.number(),
  updated_at: z.number(),
})
export type Workflow = z.infer<typeof workflowSchema>

export const workflowListInputSchema = z
  .object({
    is_active: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
    ...pageFields,
  })
  .strict()

export const workflowListSchema = pagedList(workflowSchema)

/** This many failures in a row, none completed since, and a workflow counts as failing. */
export const FAILING_AFTER = 3

/** How far back a workflow's recent activity reaches, in days. */
export const RECENT_DAYS = 14

/** Recent runs: its latest completed ones (up to RECENT_RUNS) created within the last RECENT_RUNS_HOURS hours. */
export const RECENT_RUNS = 20
export const RECENT_RUNS_HOURS = 24
/** Usual runs: up to USUAL_RUNS completed ones created before that. */
export const USUAL_RUNS = 50
/** Slower than usual: at least this many times the usual run time, and SLOWER_BY_SECONDS more (a 2 s run taking 5 s is nobody's problem). */
const SLOWER_FACTOR = 2
const SLOWER_BY_SECONDS = 10

/** The one rule for "slower than usual", for a workflow's recent median and for a single run alike. */
export const muchSlower = (seconds: number, usualSeconds: number): boolean => seconds >= usualSeconds * SLOWER_FACTOR && seconds - usualSeconds >= SLOWER_BY_SECONDS

/** How long a workflow's completed runs take lately and usually (medians, so one odd run moves neither). */
export const runTimesSchema = z.object({
  recent_seconds: z.number().nullable(),
  recent_runs: z.number(),
  usual_seconds: z.number().nullable(),
  usual_runs: z.number(),
  /** Judged only with at least 3 recent and 10 usual runs. */
  slower: z.boolean(),
})
export type RunTimes = z.infer<typeof runTimesSchema>

/** "last 4 runs took 2 min 12 s (median) against 30.0 s before" */
export const slowerFiguresSaid = (times: Pick<RunTimes, 'recent_runs' | 'recent_seconds' | 'usual_seconds'>): string =>
  `last ${times.recent_runs} runs took ${duration(times.recent_seconds)} (median) against ${duration(times.usual_seconds)} before`

/** "“Videos” runs slower than usual: its last 4 runs took 2 min 12 s (median) against 30.0 s before", as the console and the activity log say it. */
export const slowerSaid = (name: string, times: Pick<RunTimes, 'recent_runs' | 'recent_seconds' | 'usual_seconds'>): string =>
  `"${name}" runs slower than usual: its ${slowerFiguresSaid(times)}`

export const workflowStatsSchema = z.object({
  workflow_id: z.number(),
  execution_count: z.number(),
  success_count: z.number(),
  failure_count: z.number(),
  success_rate: z.number().nullable(),
  average_duration_seconds: z.number().nullable(),
  last_run_at: z.number().nullable(),
  /** Its runs that failed in n8n within the last 24 hours without Flowgate starting them (n8n_run_failed events; linked workflows only). */
  n8n_failed_last_day: z.number(),
  /** What its executions of the last RECENT_DAYS days failed with, most frequent first (as the dashboard's error_groups). */
  error_groups: z.array(errorGroupSchema),
  /**
   * Its executions of the last RECENT_DAYS days by the hour they were created (ms of the hour's
   * start), hours without any left out: the console sums them into the operator's own days.
   */
  recent_hours: z.array(
    z.object({
      hour: z.number(),
      completed: z.number(),
      failed: z.number(),
      other: z.number(),
      /** The run times of its completed ones, added up: the console's average run time per day. */
      completed_seconds: z.number(),
    }),
  ),
  run_times: runTimesSchema,
})
export type WorkflowStats = z.infer<typeof workflowStatsSchema>

export const workflowIdInputSchema = z.object({ id: z.coerce.number().int().positive() }).strict()
export const workflowDeletedSchema = z.object({ id: z.number(), deleted: z.literal(true) })
