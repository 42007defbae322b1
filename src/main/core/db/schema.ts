import { sql, type SQL } from 'drizzle-orm'
import { check, index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import {
  approvalStatuses,
  decisionSources,
  executionStatuses,
  outboxKinds,
  outboxStatuses,
  priorities,
  queueStatuses,
  severities,
} from './enums'
import { webhookKinds } from '../../../shared/schemas/webhooks'
import type { SendWindow } from '../../../shared/send-window'

// Times are integer milliseconds since the epoch; JSON columns are text checked by json_valid.
const createdAt = () => integer('created_at').notNull()
const updatedAt = () => integer('updated_at').notNull()
const oneOf = (column: AnySQLiteColumn, values: readonly string[]): SQL =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`
const jsonValid = (column: AnySQLiteColumn): SQL => sql`${column} is null or json_valid(${column})`
/** The inbox's priority order; queries must spell it exactly so for SQLite to use the index. */
export const inboxRank = "(case priority when 'high' then 0 when 'medium' then 1 else 2 end)"
/**
 * An outbox row that started an execution in n8n: a dispatch sent, or being sent (one refused
 * for good started nothing). Queries counting starts spell it exactly so, for the partial index.
 */
export const dispatchStarted = "kind = 'dispatch' and status in ('done', 'sending')"
const flag = (name: string, initial: boolean) => integer(name, { mode: 'boolean' }).notNull().default(initial)

export const n8nWorkflows = sqliteTable(
  'n8n_workflows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workflowName: text('workflow_name').notNull(),
    workflowDescription: text('workflow_description'),
    n8nWorkflowId: text('n8n_workflow_id'),
    webhookUrl: text('webhook_url'),
    triggerEvents: text('trigger_events', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    isActive: flag('is_active', true),
    requiresApproval: flag('requires_approval', false),
    autoApprovalEnabled: flag('auto_approval_enabled', false),
    /** Calls to n8n for this workflow wait in the outbox (a workflow misbehaving in n8n) until released. */
    callsHeld: flag('calls_held', false),
    /** Why Flowgate held its calls itself (a run of failures); null when the operator held them, or nothing is held. */
    callsHeldReason: text('calls_held_reason'),
    /** Its calls are held once this many of its executions in a row failed (null: never). */
    holdAfterFailures: integer('hold_after_failures'),
    /** Fields of the input (paths) an execution must have to be started: a trigger without them is refused. */
    requiredInputFields: text('required_input_fields', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** At most this many of its executions run in n8n at once; more wait for a free slot (null: no limit). */
    maxRunning: integer('max_running'),
    /** At most this many of its executions start in n8n within any hour; more wait their turn (null: no limit). */
    maxPerHour: integer('max_per_hour'),
    /** At most this many of its executions start in n8n within any 24 hours; more wait their turn (null: no limit). */
    maxPerDay: integer('max_per_day'),
    /** It should be heard from (an execution, a webhook) at least this often; longer quiet is a warning (null: no expectation). */
    expectRunEveryHours: integer('expect_run_every_hours'),
    /** The hours its dispatches may go out, local time: `{days, from, to}` (null: any time). */
    sendWindow: text('send_window', { mode: 'json' }).$type<SendWindow>(),
    /** Its events are never sent as alerts to a phone or chat (a noisy or test workflow); the console still shows them. */
    alertsMuted: flag('alerts_muted', false),
    defaultApprovalType: text('default_approval_type').notNull().default('workflow_execution'),
    defaultPriority: text('default_priority', { enum: priorities }).notNull().default('medium'),
    timeoutSeconds: integer('timeout_seconds'),
    webhookSecret: text('webhook_secret'),
    /** The Header Auth credential Flowgate created in n8n for this workflow (Install in n8n). */
    n8nCredentialId: text('n8n_credential_id'),
    /** The secret that credential holds, sealed like every secret: a rotation shows as a difference. */
    n8nCredentialSecret: text('n8n_credential_secret'),
    executionCount: integer('execution_count').notNull().default(0),
    successCount: integer('success_count').notNull().default(0),
    failureCount: integer('failure_count').notNull().default(0),
    totalDurationSeconds: real('total_duration_seconds').notNull().default(0),
    lastRunAt: integer('last_run_at'),
    /** Deleted workflows stay for the history of their executions, out of every list. */
    deletedAt: integer('deleted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('n8n_workflows_name_unique').on(t.workflowName).where(sql`deleted_at is null`),
    index('n8n_workflows_active_idx').on(t.isActive),
    index('n8n_workflows_n8n_id_idx').on(t.n8nWorkflowId),
    check('n8n_workflows_trigger_events_json', sql`json_valid(${t.triggerEvents}) and json_type(${t.triggerEvents}) = 'array'`),
    check('n8n_workflows_priority_check', oneOf(t.defaultPriority, priorities)),
    check('n8n_workflows_counts_check', sql`${t.executionCount} >= 0 and ${t.successCount} >= 0 and ${t.failureCount} >= 0`),
    check('n8n_workflows_timeout_check', sql`${t.timeoutSeconds} is null or ${t.timeoutSeconds} > 0`),
    check('n8n_workflows_max_running_check', sql`${t.maxRunning} is null or ${t.maxRunning} >= 1`),
    check('n8n_workflows_max_per_hour_check', sql`${t.maxPerHour} is null or ${t.maxPerHour} >= 1`),
    check('n8n_workflows_max_per_day_check', sql`${t.maxPerDay} is null or ${t.maxPerDay} >= 1`),
    check('n8n_workflows_send_window_json', jsonValid(t.sendWindow)),
  ],
)

export const workflowExecutions = sqliteTable(
  'workflow_executions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workflowId: integer('workflow_id')
      .notNull()
      .references(() => n8nWorkflows.id),
    n8nExecutionId: text('n8n_execution_id'),
    status: text('status', { enum: executionStatuses }).notNull().default('pending'),
    inputData: text('input_data', { mode: 'json' }),
    outputData: text('output_data', { mode: 'json' }),
    durationSeconds: real('duration_seconds'),
    errorMessage: text('error_message'),
    triggerEvent: text('trigger_event'),
    triggerSource: text('trigger_source'),
    attempt: integer('attempt').notNull().default(1),
    retryOf: integer('retry_of').references((): AnySQLiteColumn => workflowExecutions.id),
    /** The webhook that started it, so processing that item again starts nothing new. */
    queueItemId: integer('queue_item_id'),
    startedAt: integer('started_at'),
    /** When a running execution is checked for a timeout (moved on when n8n says it still runs). */
    deadlineAt: integer('deadline_at'),
    /** A trigger scheduled for later: its dispatch is not sent to n8n before this moment. */
    sendAt: integer('send_at'),
    finishedAt: integer('finished_at'),
    /** A failure the operator said needs no retry: it no longer stands among those to look at. */
    dismissedAt: integer('dismissed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // With the status and the run time, a workflow's recent activity and run times are read from the index alone.
    index('workflow_executions_workflow_idx').on(t.workflowId, t.createdAt, t.status, t.durationSeconds),
    index('workflow_executions_status_idx').on(t.status, t.createdAt),
    index('workflow_executions_created_idx').on(t.createdAt),
    index('workflow_executions_n8n_id_idx').on(t.n8nExecutionId),
    uniqueIndex('workflow_executions_queue_item_unique').on(t.queueItemId, t.workflowId),
    index('workflow_executions_deadline_idx').on(t.status, t.deadlineAt),
    // Covers the dashboard's average duration of recently finished executions.
    index('workflow_executions_finished_idx').on(t.status, t.finishedAt, t.durationSeconds),
    // Walked backwards, the slowest first (those without a time sort last): the list sorted by run time.
    index('workflow_executions_duration_idx').on(t.durationSeconds),
    // Finds the attempt that retried an execution; only retries have an entry.
    index('workflow_executions_retry_of_idx').on(t.retryOf).where(sql`retry_of is not null`),
    // Counts what a workflow runs in n8n right now, for its limit on running at once.
    index('workflow_executions_running_idx').on(t.workflowId).where(sql`status = 'running'`),
    check('workflow_executions_status_check', oneOf(t.status, executionStatuses)),
    check('workflow_executions_input_json', jsonValid(t.inputData)),
    check('workflow_executions_output_json', jsonValid(t.outputData)),
    check('workflow_executions_duration_check', sql`${t.durationSeconds} is null or ${t.durationSeconds} >= 0`),
  ],
)

export const workflowApprovals = sqliteTable(
  'workflow_approvals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    executionId: integer('execution_id').references(() => workflowExecutions.id),
    /** The workflow that asked (for n8n-requested approvals the execution may be unknown). */
    workflowId: integer('workflow_id'),
    n8nExecutionId: text('n8n_execution_id'),
    resumeUrl: text('resume_url'),
    /** The webhook that carried n8n's request for it (none for the approval Flowgate asks before a run). */
    queueItemId: integer('queue_item_id'),
    approvalType: text('approval_type').notNull(),
    approvalTitle: text('approval_title').notNull(),
    approvalDescription: text('approval_description'),
    approvalData: text('approval_data', { mode: 'json' }),
    /** The data as a person approved it, when they changed it first (null: approved as asked). */
    approvedData: text('approved_data', { mode: 'json' }),
    status: text('status', { enum: approvalStatuses }).notNull().default('pending'),
    priority: text('priority', { enum: priorities }).notNull().default('medium'),
    autoApprovalConfidence: integer('auto_approval_confidence'),
    autoApprovalReasoning: text('auto_approval_reasoning'),
    /** What the auto-approver concluded: 'approve' or 'manual' (with the reason), null if not asked. */
    autoOutcome: text('auto_outcome', { enum: ['approve', 'manual'] }),
    /** Why a policy holds it (send rate): shown to the operator, never auto-approved. */
    holdReason: text('hold_reason'),
    autoReason: text('auto_reason'),
    /** The model's red flags when it was asked (an empty array: none), so its answer can be weighed again later. */
    autoRedFlags: text('auto_red_flags', { mode: 'json' }),
    autoModel: text('auto_model'),
    autoLatencyMs: integer('auto_latency_ms'),
    autoPromptTokens: integer('auto_prompt_tokens'),
    autoCompletionTokens: integer('auto_completion_tokens'),
    /** When the operator was warned that it expires soon, undecided (cleared when its expiry moves). */
    expiryWarnedAt: integer('expiry_warned_at'),
    expiresAt: integer('expires_at'),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at'),
    decisionReason: text('decision_reason'),
    decisionSource: text('decision_source', { enum: decisionSources }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('workflow_approvals_inbox_idx').on(t.status, t.priority, t.createdAt),
    // The inbox order (most urgent, then oldest) as an index, so every page is a walk, not a sort.
    index('workflow_approvals_inbox_order_idx').on(t.status, sql.raw(inboxRank), t.createdAt, t.id),
    // The same order over every status, for the list of all approvals.
    index('workflow_approvals_order_idx').on(sql.raw(inboxRank), t.createdAt, t.id),
    index('workflow_approvals_expiry_idx').on(t.status, t.expiresAt),
    index('workflow_approvals_execution_idx').on(t.executionId),
    // Covers the dashboard's time to decision of recent decisions.
    index('workflow_approvals_decided_idx').on(t.status, t.decidedAt, t.createdAt),
    // Earlier decisions on requests like one (same workflow, same kind): counted from the index
    // alone, and the newest of each outcome read straight from it.
    index('workflow_approvals_precedent_idx').on(t.workflowId, t.approvalType, t.status, t.decidedAt),
    // A search for a number finds the approval n8n's execution of that number waits on.
    index('workflow_approvals_n8n_execution_idx').on(t.n8nExecutionId).where(sql`n8n_execution_id is not null`),
    // n8n's repeat of an approval request is found by its resume URL (only n8n's requests have one).
    index('workflow_approvals_resume_url_idx').on(t.resumeUrl).where(sql`resume_url is not null`),
    // The median time to a decision: one step to the middle of the decided ones, already in order.
    index('workflow_approvals_decision_time_idx')
      .on(sql`(decided_at - created_at)`)
      .where(sql`status in ('approved', 'rejected')`),
    // How often the model's verdict matched the person's, read from the few the model assessed.
    index('workflow_approvals_assessed_idx').on(t.status, t.decisionSource, t.autoOutcome).where(sql`auto_outcome is not null`),
    check('workflow_approvals_status_check', oneOf(t.status, approvalStatuses)),
    check('workflow_approvals_priority_check', oneOf(t.priority, priorities)),
    check('workflow_approvals_source_check', sql`${t.decisionSource} is null or ${oneOf(t.decisionSource, decisionSources)}`),
    check(
      'workflow_approvals_confidence_check',
      sql`${t.autoApprovalConfidence} is null or ${t.autoApprovalConfidence} between 0 and 100`,
    ),
    check('workflow_approvals_data_json', jsonValid(t.approvalData)),
    check('workflow_approvals_approved_data_json', jsonValid(t.approvedData)),
  ],
)

export const webhookQueue = sqliteTable(
  'webhook_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workflowId: integer('workflow_id').references(() => n8nWorkflows.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: webhookKinds }).notNull().default('trigger'),
    // The body exactly as received (validated JSON text), so nothing is lost to re-encoding.
    webhookPayload: text('webhook_payload').notNull(),
    /** What n8n sent, kept once the operator changed the payload before a replay; null while unchanged. */
    originalPayload: text('original_payload'),
    headers: text('headers', { mode: 'json' }),
    /** Who sent it: the tunnel's forwarded client address, else the socket's. */
    source: text('source'),
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: queueStatuses }).notNull().default('queued'),
    retryCount: integer('retry_count').notNull().default(0),
    nextRetryAt: integer('next_retry_at'),
    lastError: text('last_error'),
    attempts: text('attempts', { mode: 'json' }).notNull().default(sql`'[]'`),
    receivedAt: integer('received_at').notNull(),
    processedAt: integer('processed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('webhook_queue_due_idx').on(t.status, t.nextRetryAt),
    // Claims walk the queued items in arrival order and stop after one batch, whatever the backlog.
    index('webhook_queue_claim_idx').on(t.status, t.id),
    // Partial: a webhook with no workflow (generic) or no dedupe key writes no entry, so an
    // intake commit touches fewer pages; `workflow_id = ?` and `dedupe_key = ?` still use them.
    index('webhook_queue_workflow_idx').on(t.workflowId, t.id).where(sql`workflow_id is not null`),
    uniqueIndex('webhook_queue_dedupe_unique').on(t.dedupeKey).where(sql`dedupe_key is not null`),
    // Partial: only processed webhooks have an entry (none is written at intake); retention walks it.
    index('webhook_queue_completed_idx').on(t.processedAt).where(sql`status = 'completed'`),
    check('webhook_queue_status_check', oneOf(t.status, queueStatuses)),
    check('webhook_queue_kind_check', oneOf(t.kind, webhookKinds)),
    check('webhook_queue_payload_json', sql`json_valid(${t.webhookPayload})`),
    check('webhook_queue_headers_json', jsonValid(t.headers)),
    check('webhook_queue_attempts_json', sql`json_valid(${t.attempts})`),
    check('webhook_queue_retry_check', sql`${t.retryCount} >= 0`),
  ],
)

/**
 * A person's decision inside its undo window: the approval stays pending, and nothing is sent,
 * until `takes_effect_at`; undoing deletes the row. One per approval.
 */
export const undoableDecisions = sqliteTable(
  'undoable_decisions',
  {
    approvalId: integer('approval_id')
      .primaryKey()
      .references(() => workflowApprovals.id, { onDelete: 'cascade' }),
    decision: text('decision', { enum: ['approved', 'rejected'] }).notNull(),
    approver: text('approver').notNull(),
    reason: text('reason'),
    /** The data as changed before approving, taking effect with the decision. */
    approvedData: text('approved_data', { mode: 'json' }),
    source: text('source', { enum: decisionSources }).notNull(),
    /** When the person decided: the decision's time once it takes effect. */
    decidedAt: integer('decided_at').notNull(),
    takesEffectAt: integer('takes_effect_at').notNull(),
  },
  (t) => [
    index('undoable_decisions_due_idx').on(t.takesEffectAt),
    check('undoable_decisions_decision_check', oneOf(t.decision, ['approved', 'rejected'] as const)),
    check('undoable_decisions_source_check', oneOf(t.source, decisionSources)),
    check('undoable_decisions_approved_data_json', jsonValid(t.approvedData)),
  ],
)

/**
 * Each time the model was asked to judge an approval: what it cost, so spend can be shown and
 * capped per day. Kept as long as the approvals are (they are never pruned).
 */
export const modelCalls = sqliteTable(
  'model_calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    approvalId: integer('approval_id').references(() => workflowApprovals.id, { onDelete: 'set null' }),
    askedAt: integer('asked_at').notNull(),
    model: text('model').notNull(),
    /** 'answered' when the model gave a usable answer; 'failed' for errors, timeouts, refusals, bad JSON. */
    outcome: text('outcome', { enum: ['answered', 'failed'] }).notNull(),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    /** OpenRouter credits (US dollars) the call cost, as its answer said; null when not said. */
    cost: real('cost'),
  },
  (t) => [
    index('model_calls_asked_idx').on(t.askedAt),
    index('model_calls_approval_idx').on(t.approvalId),
    check('model_calls_outcome_check', oneOf(t.outcome, ['answered', 'failed'] as const)),
  ],
)

export const workflowMonitoring = sqliteTable(
  'workflow_monitoring',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // No foreign keys: events outlive what they describe and must never block a write.
    workflowId: integer('workflow_id'),
    executionId: integer('execution_id'),
    eventType: text('event_type').notNull(),
    severity: text('severity', { enum: severities }).notNull().default('info'),
    eventData: text('event_data', { mode: 'json' }),
    timestamp: integer('timestamp').notNull(),
  },
  (t) => [
    index('workflow_monitoring_time_idx').on(t.timestamp),
    index('workflow_monitoring_severity_idx').on(t.severity, t.timestamp),
    index('workflow_monitoring_workflow_idx').on(t.workflowId, t.timestamp),
    index('workflow_monitoring_execution_idx').on(t.executionId),
    // One kind of event, newest first: the activity log (operator actions) among a million events.
    index('workflow_monitoring_type_idx').on(t.eventType, t.timestamp),
    check('workflow_monitoring_severity_check', oneOf(t.severity, severities)),
    check('workflow_monitoring_data_json', jsonValid(t.eventData)),
  ],
)

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  /** True when `value` is a secret sealed by the secret codec. */
  sealed: flag('sealed', false),
  updatedAt: updatedAt(),
})

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: outboxKinds }).notNull(),
    targetUrl: text('target_url').notNull(),
    method: text('method').notNull().default('POST'),
    headers: text('headers', { mode: 'json' }),
    body: text('body', { mode: 'json' }),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    lastStatus: integer('last_status'),
    executionId: integer('execution_id').references(() => workflowExecutions.id),
    approvalId: integer('approval_id').references(() => workflowApprovals.id),
    /** The workflow the call concerns (through its execution or approval), so a held workflow's calls wait. */
    workflowId: integer('workflow_id'),
    /** Sent at the operator's word past its workflow's limits (send window, running, hourly); a hold still holds it. */
    forced: flag('forced', false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_execution_idx').on(t.executionId),
    index('outbox_approval_idx').on(t.approvalId),
    index('outbox_workflow_idx').on(t.workflowId, t.status),
    // A workflow's executions started lately, counted for its hourly and daily limits.
    index('outbox_dispatched_idx').on(t.workflowId, t.updatedAt).where(sql.raw(dispatchStarted)),
    // Calls n8n took, by when: retention finds the old ones without reading the rest.
    index('outbox_done_idx').on(t.updatedAt).where(sql`status = 'done'`),
    check('outbox_kind_check', oneOf(t.kind, outboxKinds)),
    check('outbox_status_check', oneOf(t.status, outboxStatuses)),
    check('outbox_headers_json', jsonValid(t.headers)),
    check('outbox_body_json', jsonValid(t.body)),
  ],
)
