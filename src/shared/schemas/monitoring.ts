import { z } from 'zod'
import { runTimesSchema, workflowLimitSchema } from './workflows'
import { errorGroupSchema } from './error-groups'
import { plural } from '../text'

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

/** An event's place in the log (newest first), `<timestamp>:<id>`: pages go on from it. */
const eventCursor = z.string().regex(/^\d{1,16}:\d{1,16}$/, 'must be a cursor from an earlier page (`<time>:<id>`)')

/** What the event lists and their export are filtered by. */
export const eventFilterSchema = z
  .object({
    workflow_id: z.coerce.number().int().positive().optional(),
    execution_id: z.coerce.number().int().positive().optional(),
    severity: z.enum(severities).optional(),
    /** One kind of event only, e.g. `operator_action` for the activity log. */
    event_type: z.string().trim().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be an event name (lowercase letters, digits and _)').optional(),
    /** Text anywhere in the event's name or in what it says (its data), any case. */
    search: z.string().trim().min(1).max(200, 'must be at most 200 characters').optional(),
    /** Only events at or after this moment (ms since the epoch); a search then reads only them. */
    since: z.coerce.number().int().min(0).optional(),
  })
  .strict()

export const monitoringEventsInputSchema = eventFilterSchema
  .extend({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** Only events older than this one: the next page. */
    before: eventCursor.optional(),
    /** Only events written after this one: what happened since a page was read (`latest`). */
    after: eventCursor.optional(),
  })
  .strict()
  .refine((input) => !(input.before && input.after), { message: 'give before or after, not both', path: ['after'] })

export const monitoringErrorsInputSchema = z
  .object({
    hours: z.coerce.number().positive().max(24 * 365).default(24),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict()

export const monitoringEventListSchema = z.object({ items: z.array(monitoringEventSchema) })
/**
 * A page of events, newest first; `next` continues with older ones (null: none are left);
 * `latest` is the last event written to the whole log when it was read: `after` it is what came since.
 */
export const monitoringEventPageSchema = z.object({ items: z.array(monitoringEventSchema), next: z.string().nullable(), latest: z.string().nullable() })

/** Without a path, the backup goes to the backup folder and counts among those kept. */
export const backupInputSchema = z
  .object({ path: z.string().trim().min(1).refine((p) => p.endsWith('.db') || p.endsWith('.sqlite'), 'must end in .db or .sqlite').optional() })
  .strict()
  .optional()
export const backupResultSchema = z.object({ path: z.string(), bytes: z.number() })

export const backupFileSchema = z.object({ name: z.string(), path: z.string(), bytes: z.number(), at: z.number() })
export type BackupFile = z.infer<typeof backupFileSchema>

export const backupStatusSchema = z.object({
  enabled: z.boolean(),
  intervalHours: z.number(),
  keep: z.number(),
  folder: z.string(),
  running: z.boolean(),
  /** When the next automatic backup is due (ms); null when they are off. */
  nextAt: z.number().nullable(),
  /** The last attempt's failure, until a backup succeeds again. */
  lastError: z.object({ at: z.number(), message: z.string() }).nullable(),
  /** Flowgate's backups in the folder, newest first. */
  files: z.array(backupFileSchema),
})
export type BackupStatus = z.infer<typeof backupStatusSchema>

export const dashboardInputSchema = z.object({ range: z.enum(['24h', '7d']).default('24h') }).strict().optional()

/**
 * Something Flowgate will do on its own at `at`, for one workflow: dispatches a send window or an
 * hourly or daily limit lets go, triggers scheduled for later sent, calls to n8n or webhooks tried
 * again, approvals expiring or executions timing out, or the next automatic backup (`count` of them — deadlines counted among the
 * soonest fifty — and `id` the soonest, for scheduled triggers and deadlines).
 */
export const comingUpSchema = z.object({
  kind: z.enum(['window_opens', 'hour_allows', 'day_allows', 'dispatch_scheduled', 'dispatch_retry', 'resume_retry', 'stop_retry', 'webhook_retry', 'approval_expires', 'execution_times_out', 'quiet_unless_heard', 'backup', 'alerts_sent']),
  at: z.number(),
  count: z.number(),
  id: z.number().nullable(),
  workflow_id: z.number().nullable(),
  workflow_name: z.string().nullable(),
})
export type ComingUp = z.infer<typeof comingUpSchema>

/** "3 webhooks refused for their signature in 24 h": how the console and the desktop say `refused_webhooks.count`. */
export const refusedWebhooksSaid = (count: number): string => `${plural(count, 'webhook')} refused for ${count === 1 ? 'its' : 'their'} signature in 24 h`

export const dashboardSchema = z.object({
  workflows: z.object({ active: z.number(), inactive: z.number() }),
  executions_today: z.record(z.string(), z.number()),
  /** Executions that failed today that no later attempt retried and the operator did not dismiss: the failures still standing. */
  failed_not_retried_today: z.number(),
  pending_approvals: z.number(),
  /** Pending approvals that expire within the hour unless someone decides. */
  approvals_expiring_soon: z.number(),
  /** Decided approvals whose decision n8n never took (the call failed for good). */
  decisions_not_taken: z.number(),
  /** Workflows whose calls to n8n are held, with how many wait: to release once n8n's side is fixed. */
  /** Workflows whose calls to n8n are held; `reason` says why when Flowgate held them itself (a run of failures). */
  held_workflows: z.array(z.object({ id: z.number(), workflow_name: z.string(), waiting_calls: z.number(), reason: z.string().nullable() })),
  /** Active workflows whose last three or more executions failed (none completed since), failing longest first. */
  failing_workflows: z.array(
    z.object({ id: z.number(), workflow_name: z.string(), failed_in_a_row: z.number(), failing_since: z.number(), last_error: z.string().nullable() }),
  ),
  /** Active workflows not heard from for longer than they are expected to be (expect_run_every_hours), quiet longest first. */
  quiet_workflows: z.array(
    z.object({ id: z.number(), workflow_name: z.string(), expect_run_every_hours: z.number(), last_heard_at: z.number().nullable(), quiet_since: z.number() }),
  ),
  /** Active workflows whose recent completed runs take much longer than their usual ones, the most slowed first. */
  slow_workflows: z.array(runTimesSchema.extend({ id: z.number(), workflow_name: z.string() })),
  /**
   * Workflows held back by a limit while dispatches wait: their send window closed, running as
   * many executions in n8n as they allow (a backlog, or slots n8n never freed), or started as many
   * within the hour — which limit, its value (none for a window), and when the next may go.
   */
  full_workflows: z.array(
    z.object({
      id: z.number(),
      workflow_name: z.string(),
      held_by: workflowLimitSchema,
      limit: z.number().nullable(),
      waiting: z.number(),
      opens_at: z.number().nullable(),
    }),
  ),
  /** What Flowgate will do next on its own, soonest first (at most eight). */
  coming_up: z.array(comingUpSchema),
  /** Runs of linked workflows that failed in n8n today without Flowgate starting them (n8n_run_failed events). */
  n8n_runs_failed_today: z.number(),
  /** Today's model calls (UTC day) cost the daily budget or more, so new approvals wait for a person; null otherwise. */
  ai_budget_spent: z.object({ spent: z.number(), budget: z.number() }).nullable(),
  /**
   * Webhooks the public door refused for their signature in the last 24 hours (missing, bad or
   * stale): n8n signing with another secret than Flowgate's shows here first. Exact but for the
   * last 10 s of a flood, whose refusals are counted with the next one recorded.
   */
  refused_webhooks: z.object({ count: z.number(), last_at: z.number().nullable(), last_error: z.string().nullable() }),
  /** Webhooks failed for good (the queue's dead letters) by workflow, most first (at most 5; a null workflow: generic events), each with its newest error. */
  failed_webhooks: z.array(z.object({ workflow_id: z.number().nullable(), workflow_name: z.string().nullable(), count: z.number(), last_error: z.string().nullable() })),
  recent_errors: z.number(),
  average_execution_seconds: z.number().nullable(),
  queue_depth: z.number(),
  /** One bucket per hour of the range, oldest first: executions created, by final status. */
  executions_per_hour: z.array(z.object({ hour: z.number(), counts: z.record(z.string(), z.number()) })),
  /**
   * What failed executions in the range failed with, most frequent first (at most five): the
   * wording they share ("…" where they differ), the text the Executions search finds them by.
   */
  error_groups: z.array(errorGroupSchema),
  /** Each workflow's executions created in the range, those with most failures first (at most 20): where to look. */
  workflow_activity: z.array(z.object({ id: z.number(), runs: z.number(), failed: z.number(), last_at: z.number() })),
  /**
   * The webhook secret the last rotation replaced, while still accepted: until when, and when a
   * call last used it since (null: none has) — n8n credentials still holding it fail once it ends.
   */
  previous_secret: z.object({ accepted_until: z.number(), last_used_at: z.number().nullable() }).nullable(),
  /** Seconds from request to decision for approvals decided in the range (not expiry). */
  approval_time_to_decision: z.object({ median_seconds: z.number().nullable(), decided: z.number() }),
})
export type Dashboard = z.infer<typeof dashboardSchema>
