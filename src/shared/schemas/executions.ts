import { z } from 'zod'
import { editedDataSchema } from './approvals'
import { flagField, pagedList, pageFields } from './paging'
import { workflowLimitSchema } from './workflows'

export const executionStatuses = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const

export const executionSchema = z.object({
  id: z.number(),
  workflow_id: z.number(),
  n8n_execution_id: z.string().nullable(),
  status: z.enum(executionStatuses),
  input_data: z.unknown(),
  output_data: z.unknown(),
  duration_seconds: z.number().nullable(),
  error_message: z.string().nullable(),
  trigger_event: z.string().nullable(),
  trigger_source: z.string().nullable(),
  attempt: z.number(),
  retry_of: z.number().nullable(),
  started_at: z.number().nullable(),
  finished_at: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
  /** Its calls to n8n wait because its workflow's calls are held (see workflows' calls_held). */
  calls_held: z.boolean(),
  /**
   * What its dispatch waits on, if a limit of its workflow holds it: the send window being
   * closed (send_window), as many running in n8n as it allows (max_running), or as many started
   * within the hour (max_per_hour).
   */
  waiting_on: workflowLimitSchema.nullable(),
  /**
   * While it waits on a send window or an hourly or daily limit: when that lets its workflow's next
   * dispatch go (this one's turn, at the earliest, behind any older ones). Null otherwise.
   */
  waiting_until: z.number().nullable(),
  /** Triggered for later: not sent to n8n before this moment (nor before its approval, when it needs one). */
  send_at: z.number().nullable(),
  /** A failure the operator dismissed as needing no retry: it stays failed, but no longer stands among the failures to look at. */
  dismissed_at: z.number().nullable(),
})
export type Execution = z.infer<typeof executionSchema>

export const executionLogEntrySchema = z.object({
  at: z.number(),
  event: z.string(),
  severity: z.string(),
  data: z.unknown(),
})

export const executionDetailSchema = executionSchema.extend({
  execution_log: z.array(executionLogEntrySchema),
  /** The approvals that gated it or that n8n asked for during it, oldest first: who decided what. */
  approvals: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      approval_type: z.string(),
      status: z.enum(['pending', 'approved', 'rejected', 'expired']),
      decided_by: z.string().nullable(),
      decided_at: z.number().nullable(),
      decision_reason: z.string().nullable(),
    }),
  ),
  /** For one that failed (or was cancelled): its workflow's latest completed execution created before it, to compare inputs with. */
  last_worked: z.object({ id: z.number(), created_at: z.number(), input_data: z.unknown() }).nullable(),
  /** For one that failed (or was cancelled): what its workflow's input rules refuse in its input now, so a retry needs it corrected first; null when they accept it. */
  input_refused: z.string().nullable(),
  /** With a run time: how long its workflow's runs usually took before it (the median of up to 50 completed ones; null without any). */
  usual_seconds: z.number().nullable(),
  /** The attempt that retried it, if one did: the one to look at now (it is not retried or dismissed again). */
  retried_as: z.object({ id: z.number(), status: z.enum(executionStatuses) }).nullable(),
  /** The webhook that started it (a trigger, or a generic event its workflow listens for), while the queue keeps it. */
  webhook_id: z.number().nullable(),
})

export type ExecutionDetail = z.infer<typeof executionDetailSchema>

export const executionSorts = ['newest', 'slowest'] as const
export type ExecutionSort = (typeof executionSorts)[number]

export const executionListInputSchema = z
  .object({
    workflow_id: z.coerce.number().int().positive().optional(),
    status: z.enum(executionStatuses).optional(),
    /** An execution id (`#12` or `12`), an n8n execution id, or text in the trigger event or error. */
    search: z.string().trim().max(200).optional(),
    /** Only executions created at or after this moment (ms since the epoch): the last hour, today… */
    since: z.coerce.number().int().min(0).optional(),
    /** Only those Flowgate holds back from n8n: waiting on a limit of their workflow, or on its held calls. */
    held_back: flagField.optional(),
    /** Only those scheduled for later (a trigger's send_at) and not sent yet. */
    scheduled: flagField.optional(),
    /** Only those no later attempt retried and none dismissed: with `status=failed`, the failures still standing. */
    not_retried: flagField.optional(),
    /** Only failures the operator dismissed as needing no retry. */
    dismissed: flagField.optional(),
    /** Newest first (the default), or those that took longest first (runs without a time yet last). */
    sort: z.enum(executionSorts).optional(),
    ...pageFields,
  })
  .strict()

export const executionListSchema = pagedList(executionSchema)

export const executionIdInputSchema = z.object({ id: z.coerce.number().int().positive() }).strict()

export const executionRetryInputSchema = z
  .object({
    id: z.coerce.number().int().positive(),
    /** The input to run with in place of the attempt's own (a lead's mistyped address corrected, say). */
    input_data: editedDataSchema.optional(),
  })
  .strict()

/** A pending execution sent to n8n at another moment (ms since the epoch): in the future, within a year. */
export const executionRescheduleInputSchema = z.object({ id: z.coerce.number().int().positive(), send_at: z.number().int().positive() }).strict()

/** At most this many executions are retried (or cancelled) by one call. */
export const RETRY_MANY_LIMIT = 1000

/** Executions named by id, or every one the filter matches (in the first of `statuses` by default), oldest first. */
const manyExecutionsInput = <S extends readonly [string, ...string[]]>(statuses: S) =>
  z.union([
    z.object({ ids: z.array(z.number().int().positive()).min(1).max(RETRY_MANY_LIMIT) }).strict(),
    z
      .object({
        filter: z
          .object({
            workflow_id: z.number().int().positive().optional(),
            status: z.enum(statuses).default(statuses[0]),
            search: executionListInputSchema.shape.search,
            since: executionListInputSchema.shape.since,
            held_back: executionListInputSchema.shape.held_back,
            scheduled: executionListInputSchema.shape.scheduled,
            not_retried: executionListInputSchema.shape.not_retried,
            dismissed: executionListInputSchema.shape.dismissed,
          })
          .strict(),
      })
      .strict(),
  ])

/** Named executions that were left as they were, each with why. */
const skippedSchema = z.array(z.object({ id: z.number(), reason: z.string() }))
/** Executions the filter matched beyond this call's limit: call again for them. */
const remainingSchema = z.number()

/** What a bulk call did: the ids it acted on under `done`, those it skipped with why, how many more match. */
const idsActedOn = <Done extends string>(done: Done) =>
  z.object({ [done]: z.array(z.number()), skipped: skippedSchema, remaining: remainingSchema } as { [K in Done]: z.ZodArray<z.ZodNumber> } & {
    skipped: typeof skippedSchema
    remaining: typeof remainingSchema
  })

/** Executions to run again: failed ones by default. */
export const executionRetryManyInputSchema = manyExecutionsInput(['failed', 'cancelled'] as const)

export const executionRetryManySchema = z.object({
  retried: z.array(z.object({ id: z.number(), new_id: z.number() })),
  skipped: skippedSchema,
  remaining: remainingSchema,
})
export type ExecutionRetryMany = z.infer<typeof executionRetryManySchema>

/** Executions to cancel: pending ones by default (a backlog that should not run after all). */
export const executionCancelManyInputSchema = manyExecutionsInput(['pending', 'running'] as const)

export const executionCancelManySchema = idsActedOn('cancelled')
export type ExecutionCancelMany = z.infer<typeof executionCancelManySchema>

/** Executions to send to n8n now, past their schedule and their workflow's limits: pending ones (those held back or scheduled, say). */
export const executionSendNowManyInputSchema = manyExecutionsInput(['pending'] as const)

export const executionSendNowManySchema = idsActedOn('sent')
export type ExecutionSendNowMany = z.infer<typeof executionSendNowManySchema>

/** A failed execution dismissed as needing no retry, or (`dismissed: false`) brought back among the failures to look at. */
export const executionDismissInputSchema = z.object({ id: z.coerce.number().int().positive(), dismissed: z.boolean().default(true) }).strict()

/** Failed executions to dismiss: named, or those a filter of failed ones shows (already dismissed or retried ones are left out). */
export const executionDismissManyInputSchema = manyExecutionsInput(['failed'] as const)

export const executionDismissManySchema = idsActedOn('dismissed')
export type ExecutionDismissMany = z.infer<typeof executionDismissManySchema>

export const workflowTriggerInputSchema = z
  .object({
    id: z.coerce.number().int().positive(),
    trigger_event: z.string().trim().min(1).max(200).default('manual'),
    input_data: z.record(z.string(), z.unknown()).default({}),
    trigger_source: z.string().trim().min(1).max(100).default('api'),
    /** Send it to n8n at this moment (ms since the epoch), not now: in the future, within a year. */
    send_at: z.coerce.number().int().positive().optional(),
  })
  .strict()
