import { and, count, eq, gt, gte, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { z } from 'zod'
import { FlowgateError } from '../../../shared/errors'
import {
  RECENT_DAYS,
  type Workflow,
  type WorkflowStats,
  type workflowCreateSchema,
  type workflowFieldsSchema,
  type workflowListInputSchema,
} from '../../../shared/schemas/workflows'
import type { Clock } from '../clock'
import type { FlowgateDb } from '../db/open'
import type { Allowance } from '../dispatch/allowances'
import { dispatchStarted, n8nWorkflows, outbox, workflowExecutions, workflowMonitoring } from '../db/schema'
import type { PushBus } from '../push'
import { openSecretIfReadable, sealSecret, type SecretCodec } from '../secrets'
import { lastHeardOf, quietFrom } from './quiet-workflows'
import { failureStreaksReader } from './failing-workflows'
import { runTimesReader } from './run-times'
import { errorGroups } from '../error-groups'

type Fields = z.output<typeof workflowFieldsSchema>
type CreateInput = z.output<typeof workflowCreateSchema>
type ListInput = z.output<typeof workflowListInputSchema>
type Row = typeof n8nWorkflows.$inferSelect

const live = isNull(n8nWorkflows.deletedAt)
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** What a workflow has under way: calls to n8n not sent for good, executions running there and started lately. */
interface Activity {
  waiting: number
  running: number
  startedLastHour: number
  startedLastDay: number
  /** When the next may start, while its hourly or daily limit is reached or its send window closed. */
  nextStartAt: number | null
  lastHeardAt: number | null
  /** Its failures since its latest completed execution. */
  failedInARow: number
  failingSince: number | null
  slowerThanUsual: boolean
}

/** Since when an active workflow expected to be heard from regularly has been quiet; null while it is not. */
function quietSince(row: Row, lastHeardAt: number | null, now: number): number | null {
  if (row.expectRunEveryHours === null || !row.isActive) return null
  const from = quietFrom(lastHeardAt, row.createdAt, row.expectRunEveryHours)
  return from <= now ? from : null
}

const toWorkflow = (row: Row, codec: SecretCodec, activity: Activity, now: number): Workflow => ({
  id: row.id,
  workflow_name: row.workflowName,
  workflow_description: row.workflowDescription,
  n8n_workflow_id: row.n8nWorkflowId,
  webhook_url: row.webhookUrl,
  trigger_events: row.triggerEvents,
  is_active: row.isActive,
  requires_approval: row.requiresApproval,
  auto_approval_enabled: row.autoApprovalEnabled,
  calls_held: row.callsHeld,
  calls_held_reason: row.callsHeld ? row.callsHeldReason : null,
  hold_after_failures: row.holdAfterFailures,
  required_input_fields: row.requiredInputFields,
  failed_in_a_row: activity.failedInARow,
  failing_since: activity.failingSince,
  waiting_calls: activity.waiting,
  max_running: row.maxRunning,
  running: activity.running,
  max_per_hour: row.maxPerHour,
  max_per_day: row.maxPerDay,
  send_window: row.sendWindow,
  expect_run_every_hours: row.expectRunEveryHours,
  alerts_muted: row.alertsMuted,
  last_heard_at: activity.lastHeardAt,
  quiet_since: quietSince(row, activity.lastHeardAt, now),
  slower_than_usual: activity.slowerThanUsual,
  started_last_hour: activity.startedLastHour,
  started_last_day: activity.startedLastDay,
  next_start_at: activity.nextStartAt,
  default_approval_type: row.defaultApprovalType,
  default_priority: row.defaultPriority,
  timeout_seconds: row.timeoutSeconds,
  has_webhook_secret: row.webhookSecret !== null,
  // Sealed by a keychain this machine cannot open: the global secret applies until it is set again.
  webhook_secret_unreadable: row.webhookSecret !== null && openSecretIfReadable(codec, row.webhookSecret) === undefined,
  execution_count: row.executionCount,
  success_count: row.successCount,
  failure_count: row.failureCount,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
})

/** The registry of n8n workflows Flowgate drives: create, edit, list, delete, statistics. */
export class WorkflowService {
  private readonly failureStreaks
  private readonly runTimes

  constructor(
    private readonly db: FlowgateDb,
    private readonly clock: Clock,
    private readonly codec: SecretCodec,
    private readonly push: PushBus,
    /** Something timed moved (calls a released hold let go, when a workflow falls quiet): the scheduler should look. */
    private readonly wake: () => void,
    /** What each workflow with a limit may still start in n8n now. */
    private readonly allowances: () => Map<number, Allowance>,
  ) {
    this.failureStreaks = failureStreaksReader(db.$client)
    this.runTimes = runTimesReader(db.$client)
  }

  list(input: ListInput): { items: Workflow[]; total: number; page: number; page_size: number } {
    const where = input.is_active === undefined ? live : and(live, eq(n8nWorkflows.isActive, input.is_active))
    const total = this.db.select({ n: count() }).from(n8nWorkflows).where(where).get()?.n ?? 0
    const rows = this.db
      .select()
      .from(n8nWorkflows)
      .where(where)
      .orderBy(n8nWorkflows.id)
      .limit(input.page_size)
      .offset((input.page - 1) * input.page_size)
      .all()
    const activity = this.activity(rows.map((row) => row.id))
    return { items: rows.map((row) => toWorkflow(row, this.codec, activity.get(row.id)!, this.clock.now())), total, page: input.page, page_size: input.page_size }
  }

  get(id: number): Workflow {
    return this.shown(this.row(id))
  }

  /** Which Flowgate workflow is linked to each n8n workflow id that has one. */
  linkedN8nWorkflows(): Map<string, number> {
    const rows = this.db.select({ id: n8nWorkflows.id, n8nId: n8nWorkflows.n8nWorkflowId }).from(n8nWorkflows).all()
    return new Map(rows.filter((row) => row.n8nId !== null).map((row) => [row.n8nId!, row.id]))
  }

  create(input: CreateInput): Workflow {
    this.refuseDuplicates(input)
    const now = this.clock.now()
    const row = this.db
      .insert(n8nWorkflows)
      .values({ ...this.columns(input), createdAt: now, updatedAt: now })
      .returning()
      .get()
    this.push.emit('workflows.changed', { id: row.id })
    return this.shown(row)
  }

  update(id: number, changes: Partial<Fields>): Workflow {
    const before = this.row(id)
    this.refuseDuplicates(changes, id)
    const row = this.db
      .update(n8nWorkflows)
      .set({ ...this.columns(changes), updatedAt: this.clock.now() })
      .where(eq(n8nWorkflows.id, id))
      .returning()
      .get()!
    this.push.emit('workflows.changed', { id })
    // Calls a released hold or a new limit lets go are due now (a wake-up with nothing due costs nothing).
    if ((before.callsHeld && !row.callsHeld) || before.maxRunning !== row.maxRunning || before.maxPerHour !== row.maxPerHour || before.maxPerDay !== row.maxPerDay || changes.send_window !== undefined) this.wake()
    // A new expectation (or a workflow switched on) moves when it would fall quiet.
    else if (before.expectRunEveryHours !== row.expectRunEveryHours || before.isActive !== row.isActive) this.wake()
    return this.shown(row)
  }

  /**
   * Refused while executions are pending or running (cancel them first); otherwise the
   * workflow leaves every list and stops receiving webhooks, and its history stays.
   */
  delete(id: number): { id: number; deleted: true } {
    const before = this.row(id)
    const unfinished =
      this.db
        .select({ n: count() })
        .from(workflowExecutions)
        .where(and(eq(workflowExecutions.workflowId, id), inArray(workflowExecutions.status, ['pending', 'running'])))
        .get()?.n ?? 0
    if (unfinished > 0) {
      throw new FlowgateError('conflict', `Workflow ${id} has ${unfinished} unfinished execution(s); cancel them before deleting it`)
    }
    const now = this.clock.now()
    // A deleted workflow holds nothing: calls it held (decisions n8n still waits for) go now.
    this.db.update(n8nWorkflows).set({ deletedAt: now, isActive: false, callsHeld: false, updatedAt: now }).where(eq(n8nWorkflows.id, id)).run()
    this.push.emit('workflows.changed', { id })
    if (before.callsHeld) this.wake()
    return { id, deleted: true }
  }

  stats(id: number): WorkflowStats {
    const row = this.row(id)
    const finished = row.successCount + row.failureCount
    return {
      workflow_id: id,
      execution_count: row.executionCount,
      success_count: row.successCount,
      failure_count: row.failureCount,
      success_rate: finished ? row.successCount / finished : null,
      average_duration_seconds: finished ? row.totalDurationSeconds / finished : null,
      last_run_at: row.lastRunAt,
      n8n_failed_last_day: this.n8nFailedLastDay(id),
      error_groups: errorGroups(this.db.$client, this.recentSince(), id),
      recent_hours: this.recentHours(id),
      run_times: this.runTimes(id, this.clock.now()),
    }
  }

  /** Where its recent activity starts: RECENT_DAYS days before this hour. */
  private recentSince(): number {
    return Math.floor(this.clock.now() / HOUR) * HOUR - (RECENT_DAYS * 24 - 1) * HOUR
  }

  /** Through the errors of the last day (all workflows), fewer than a workflow's events of a busy day. */
  private n8nFailedLastDay(id: number): number {
    return (
      this.db
        .select({ n: count() })
        .from(workflowMonitoring)
        .where(and(eq(workflowMonitoring.severity, 'error'), gt(workflowMonitoring.timestamp, this.clock.now() - DAY), eq(workflowMonitoring.workflowId, id), eq(workflowMonitoring.eventType, 'n8n_run_failed')))
        .get()?.n ?? 0
    )
  }

  /** Executions by hour and outcome, with the run time of those completed, since RECENT_DAYS days before this hour, from the (workflow, created, status, duration) index alone. */
  private recentHours(id: number): WorkflowStats['recent_hours'] {
    const since = this.recentSince()
    // Written into the SQL: a bound number is a REAL to SQLite, and the division would not round down.
    const hour = sql<number>`(${workflowExecutions.createdAt} / ${sql.raw(String(HOUR))}) * ${sql.raw(String(HOUR))}`
    const rows = this.db
      .select({
        hour,
        completed: sql<number>`sum(${workflowExecutions.status} = 'completed')`,
        failed: sql<number>`sum(${workflowExecutions.status} = 'failed')`,
        completedSeconds: sql<number>`coalesce(sum(case when ${workflowExecutions.status} = 'completed' then ${workflowExecutions.durationSeconds} end), 0)`,
        all: count(),
      })
      .from(workflowExecutions)
      .where(and(eq(workflowExecutions.workflowId, id), gte(workflowExecutions.createdAt, since)))
      .groupBy(hour)
      .orderBy(hour)
      .all()
    return rows.map((row) => ({ hour: row.hour, completed: row.completed, failed: row.failed, other: row.all - row.completed - row.failed, completed_seconds: row.completedSeconds }))
  }

  private shown(row: Row): Workflow {
    return toWorkflow(row, this.codec, this.activity([row.id]).get(row.id)!, this.clock.now())
  }

  /** Calls not yet sent for good, executions running in n8n and started within the hour, per workflow. */
  private activity(ids: number[]): Map<number, Activity> {
    const waiting = this.db
      .select({ id: outbox.workflowId, n: count() })
      .from(outbox)
      .where(and(inArray(outbox.workflowId, ids), inArray(outbox.status, ['pending', 'sending'])))
      .groupBy(outbox.workflowId)
      .all()
    const running = this.db
      .select({ id: workflowExecutions.workflowId, n: count() })
      .from(workflowExecutions)
      .where(and(inArray(workflowExecutions.workflowId, ids), eq(workflowExecutions.status, 'running')))
      .groupBy(workflowExecutions.workflowId)
      .all()
    // Spelt as the partial index on dispatches started is, so that index answers it.
    const now = this.clock.now()
    const started = this.db
      .select({ id: outbox.workflowId, day: count(), hour: sql<number>`sum(${outbox.updatedAt} > ${now - HOUR})` })
      .from(outbox)
      .where(and(inArray(outbox.workflowId, ids), sql.raw(dispatchStarted), gt(outbox.updatedAt, now - DAY)))
      .groupBy(outbox.workflowId)
      .all()
    const heard = this.db
      .select({ id: n8nWorkflows.id, at: sql<number | null>`${sql.raw(lastHeardOf('"n8n_workflows"."id"'))}` })
      .from(n8nWorkflows)
      .where(inArray(n8nWorkflows.id, ids))
      .all()
    const allowances = this.allowances()
    const activity = new Map<number, Activity>(
      ids.map((id) => [id, { waiting: 0, running: 0, startedLastHour: 0, startedLastDay: 0, nextStartAt: allowances.get(id)?.opensAt ?? null, lastHeardAt: null, failedInARow: 0, failingSince: null, slowerThanUsual: this.runTimes(id, now).slower }]),
    )
    for (const streak of this.failureStreaks(1, ids)) Object.assign(activity.get(streak.workflow_id)!, { failedInARow: streak.failed_in_a_row, failingSince: streak.failing_since })
    for (const row of heard) activity.get(row.id)!.lastHeardAt = row.at
    for (const row of waiting) activity.get(row.id!)!.waiting = row.n
    for (const row of running) activity.get(row.id)!.running = row.n
    for (const row of started) Object.assign(activity.get(row.id!)!, { startedLastHour: row.hour, startedLastDay: row.day })
    return activity
  }

  private row(id: number): Row {
    const row = this.db.select().from(n8nWorkflows).where(and(eq(n8nWorkflows.id, id), live)).get()
    if (!row) throw new FlowgateError('not_found', `Workflow ${id} does not exist`)
    return row
  }

  private refuseDuplicates(fields: Partial<Fields>, exceptId?: number): void {
    const others = exceptId === undefined ? live : and(live, ne(n8nWorkflows.id, exceptId))
    if (fields.workflow_name !== undefined) {
      const clash = this.db.select({ id: n8nWorkflows.id }).from(n8nWorkflows).where(and(others, eq(n8nWorkflows.workflowName, fields.workflow_name))).get()
      if (clash) throw new FlowgateError('conflict', `workflow_name: "${fields.workflow_name}" is already used by workflow ${clash.id}`)
    }
    if (fields.n8n_workflow_id) {
      const clash = this.db.select({ id: n8nWorkflows.id }).from(n8nWorkflows).where(and(others, eq(n8nWorkflows.n8nWorkflowId, fields.n8n_workflow_id))).get()
      if (clash) throw new FlowgateError('conflict', `n8n_workflow_id: "${fields.n8n_workflow_id}" is already registered as workflow ${clash.id}`)
    }
  }

  /** API fields → columns; only the fields given, secrets sealed. */
  private columns(fields: Partial<Fields>): Partial<typeof n8nWorkflows.$inferInsert> & { workflowName: string } {
    const set: Partial<typeof n8nWorkflows.$inferInsert> = {}
    if (fields.workflow_name !== undefined) set.workflowName = fields.workflow_name
    if (fields.workflow_description !== undefined) set.workflowDescription = fields.workflow_description
    if (fields.n8n_workflow_id !== undefined) set.n8nWorkflowId = fields.n8n_workflow_id
    if (fields.webhook_url !== undefined) set.webhookUrl = fields.webhook_url
    if (fields.trigger_events !== undefined) set.triggerEvents = [...new Set(fields.trigger_events)]
    if (fields.is_active !== undefined) set.isActive = fields.is_active
    if (fields.requires_approval !== undefined) set.requiresApproval = fields.requires_approval
    if (fields.auto_approval_enabled !== undefined) set.autoApprovalEnabled = fields.auto_approval_enabled
    // Held or released by the operator: no longer Flowgate's own hold.
    if (fields.calls_held !== undefined) Object.assign(set, { callsHeld: fields.calls_held, callsHeldReason: null })
    if (fields.hold_after_failures !== undefined) set.holdAfterFailures = fields.hold_after_failures
    if (fields.required_input_fields !== undefined) set.requiredInputFields = [...new Set(fields.required_input_fields)]
    if (fields.max_running !== undefined) set.maxRunning = fields.max_running
    if (fields.max_per_hour !== undefined) set.maxPerHour = fields.max_per_hour
    if (fields.max_per_day !== undefined) set.maxPerDay = fields.max_per_day
    if (fields.expect_run_every_hours !== undefined) set.expectRunEveryHours = fields.expect_run_every_hours
    if (fields.alerts_muted !== undefined) set.alertsMuted = fields.alerts_muted
    if (fields.send_window !== undefined) set.sendWindow = fields.send_window === null ? null : { ...fields.send_window, days: [...new Set(fields.send_window.days)].sort((a, b) => a - b) }
    if (fields.default_approval_type !== undefined) set.defaultApprovalType = fields.default_approval_type
    if (fields.default_priority !== undefined) set.defaultPriority = fields.default_priority
    if (fields.timeout_seconds !== undefined) set.timeoutSeconds = fields.timeout_seconds
    if (fields.webhook_secret !== undefined) set.webhookSecret = fields.webhook_secret === null ? null : sealSecret(this.codec, fields.webhook_secret)
    return set as typeof set & { workflowName: string }
  }
}

