import type Database from 'better-sqlite3'
import { FlowgateError } from '../../../shared/errors'
import type { Execution } from '../../../shared/schemas/executions'
import type { ExecutionCallback } from '../../../shared/schemas/webhooks'
import type { Clock } from '../clock'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import { PermanentError } from '../queue/worker'
import type { Outbox } from '../dispatch/outbox'
import { inTransaction } from '../db/transaction'
import { describeInputProblems, inputProblems } from '../../../shared/input-fields'

export interface NewExecution {
  workflowId: number
  triggerEvent: string
  triggerSource: string
  inputData: unknown
  /** The webhook that asked for it; a second look at the same item creates nothing. */
  queueItemId?: number
  /** A new attempt of an earlier execution, and which of its input's fields a person changed first. */
  retryOf?: { id: number; attempt: number; changed?: string[] }
  /** Scheduled for later: not sent to n8n before this moment. */
  sendAt?: number
}

/** How far ahead a trigger may be scheduled. */
const LATEST_SEND_MS = 366 * 24 * 3600_000

/** A moment to send at must lie ahead, and not absurdly far. */
export function checkSendAt(sendAt: number, now: number): void {
  if (sendAt <= now) throw new FlowgateError('validation', `send_at: ${new Date(sendAt).toISOString()} has passed; choose a moment in the future, or leave it out to send now`)
  if (sendAt > now + LATEST_SEND_MS) throw new FlowgateError('validation', `send_at: ${new Date(sendAt).toISOString()} is more than a year ahead`)
}

interface WorkflowRow {
  id: number
  workflow_name: string
  webhook_url: string | null
  requires_approval: number
  is_active: number
  /** JSON: the fields its input must have. */
  required_input_fields: string
}

interface ExecutionRow {
  id: number
  workflow_id: number
  status: Execution['status']
  started_at: number | null
  created_at: number
}

/** Where an execution goes when its workflow requires approval (the approvals service). */
export interface ApprovalGate {
  open(execution: { id: number; workflowId: number }, now: number): void
}

export interface ExecutionServiceDeps {
  sqlite: Database.Database
  clock: Clock
  monitor: Monitor
  push: PushBus
  outbox: Outbox
  gate: ApprovalGate
  /** The global execution timeout, for workflows without their own. */
  defaultTimeoutSeconds: () => number
  /** Where n8n sends its callbacks for this workflow. */
  callbackUrl: (workflowId: number) => string
  /** New outbound work exists: the scheduler should look now. */
  wake: () => void
  /** One of a workflow's executions failed (a run of failures may hold its calls). */
  afterFailure: (workflowId: number, now: number) => void
  /** A run of the workflow completed: its run times moved. */
  afterCompletion: (workflowId: number, now: number) => void
}

/**
 * Executions from birth to end. Creation, gating and the dispatch row are one transaction,
 * so a crash between "decided" and "sent" still sends. Every status change is a conditional
 * UPDATE: a late or repeated callback never moves a finished execution.
 */
export class ExecutionService {
  private readonly s

  constructor(private readonly deps: ExecutionServiceDeps) {
    const db = deps.sqlite
    this.s = {
      workflow: db.prepare('select id, workflow_name, webhook_url, requires_approval, is_active, required_input_fields from n8n_workflows where id = ? and deleted_at is null'),
      insert: db.prepare(
        `insert into workflow_executions (workflow_id, status, input_data, trigger_event, trigger_source, queue_item_id, retry_of, attempt, send_at, created_at, updated_at)
         values (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (queue_item_id, workflow_id) do nothing returning id`,
      ),
      countRun: db.prepare('update n8n_workflows set execution_count = execution_count + 1, last_run_at = ?, updated_at = ? where id = ?'),
      get: db.prepare('select id, workflow_id, status, started_at, created_at from workflow_executions where id = ?'),
      replaceInput: db.prepare("update workflow_executions set input_data = ?, updated_at = ? where id = ? and status = 'pending'"),
      toDispatch: db.prepare(
        `select e.workflow_id, w.webhook_url, e.trigger_event, e.input_data, e.send_at from workflow_executions e
         join n8n_workflows w on w.id = e.workflow_id where e.id = ? and e.status = 'pending'`,
      ),
      // Running from now on, with the deadline the timeout check looks at.
      start: db.prepare(
        `update workflow_executions set status = 'running', started_at = coalesce(started_at, @now), n8n_execution_id = coalesce(@n8nId, n8n_execution_id),
           deadline_at = coalesce(deadline_at, @now + 1000 * coalesce((select timeout_seconds from n8n_workflows w where w.id = workflow_id), @defaultTimeout)),
           updated_at = @now
         where id = @id and status in ('pending', 'running')`,
      ),
      finish: db.prepare(
        `update workflow_executions set status = ?, output_data = ?, error_message = ?, finished_at = ?, duration_seconds = ?,
           n8n_execution_id = coalesce(?, n8n_execution_id), deadline_at = null, updated_at = ?
         where id = ? and status in ('pending', 'running')`,
      ),
      success: db.prepare('update n8n_workflows set success_count = success_count + 1, total_duration_seconds = total_duration_seconds + ?, updated_at = ? where id = ?'),
      failure: db.prepare('update n8n_workflows set failure_count = failure_count + 1, total_duration_seconds = total_duration_seconds + ?, updated_at = ? where id = ?'),
    }
  }

  /** Creates an execution (or finds the one this queue item already created). */
  create(request: NewExecution): { id: number; created: boolean } {
    const now = this.deps.clock.now()
    if (request.sendAt !== undefined) checkSendAt(request.sendAt, now)
    const result = inTransaction(this.deps.sqlite, () => {
      const workflow = this.s.workflow.get(request.workflowId) as WorkflowRow | undefined
      if (!workflow) throw new FlowgateError('not_found', `Workflow ${request.workflowId} does not exist`)
      if (!workflow.is_active) throw new FlowgateError('conflict', `Workflow ${workflow.id} is inactive; activate it to run it`)
      refuseIncompleteInput(workflow, request.inputData)
      const inserted = this.s.insert.get(
        workflow.id,
        JSON.stringify(request.inputData ?? null),
        request.triggerEvent,
        request.triggerSource,
        request.queueItemId ?? null,
        request.retryOf?.id ?? null,
        (request.retryOf?.attempt ?? 0) + 1,
        request.sendAt ?? null,
        now,
        now,
      ) as { id: number } | undefined
      if (!inserted) return null
      this.s.countRun.run(now, now, workflow.id)
      const execution = { id: inserted.id, workflowId: workflow.id }
      if (workflow.requires_approval) this.deps.gate.open(execution, now)
      else this.dispatchOrFail(execution.id, now)
      return execution
    })
    if (!result) {
      const existing = this.deps.sqlite
        .prepare('select id from workflow_executions where queue_item_id = ? and workflow_id = ?')
        .pluck()
        .get(request.queueItemId, request.workflowId) as number
      return { id: existing, created: false }
    }
    this.deps.monitor.record({
      eventType: 'execution_created',
      severity: 'info',
      workflowId: result.workflowId,
      executionId: result.id,
      data: {
        trigger_event: request.triggerEvent,
        trigger_source: request.triggerSource,
        ...(request.sendAt === undefined ? {} : { send_at: request.sendAt }),
        ...(request.retryOf?.changed?.length ? { changed: request.retryOf.changed } : {}),
      },
    })
    this.deps.push.emit('executions.changed', { id: result.id })
    this.deps.wake()
    return { id: result.id, created: true }
  }

  /** Tells the console an execution changed in a way none of the steps here makes (the operator dismissed it, say). */
  changed(executionId: number): void {
    this.deps.push.emit('executions.changed', { id: executionId })
  }

  /** n8n took the dispatch: running, with n8n's execution id when it said one. */
  markDispatched(executionId: number, n8nExecutionId: string | null): void {
    this.s.start.run(this.started(executionId, n8nExecutionId))
    this.deps.push.emit('executions.changed', { id: executionId })
  }

  /** Applies n8n's execution.started / completed / failed callback for a workflow. */
  applyCallback(workflowId: number, callback: ExecutionCallback): void {
    const execution = this.s.get.get(callback.execution_id) as ExecutionRow | undefined
    if (!execution || execution.workflow_id !== workflowId) {
      throw new PermanentError(`Execution ${callback.execution_id} does not belong to workflow ${workflowId}`)
    }
    const n8nId = callback.n8n_execution_id ?? null
    if (callback.type === 'execution.started') {
      const changed = this.s.start.run(this.started(execution.id, n8nId)).changes
      this.record(execution, changed ? 'execution_started' : 'callback_ignored', 'info', { type: callback.type, status: execution.status })
      return
    }
    const ok = callback.type === 'execution.completed'
    const error = ok ? null : describeError(callback.error)
    this.finish(execution, ok ? 'completed' : 'failed', ok ? (callback.output ?? null) : null, error, n8nId)
  }

  /** Ends an execution and counts it, once: the conditional UPDATE decides who counts. */
  finish(
    execution: ExecutionRow | number,
    status: 'completed' | 'failed' | 'cancelled',
    output: unknown,
    error: string | null,
    n8nId: string | null = null,
  ): boolean {
    const row = typeof execution === 'number' ? (this.s.get.get(execution) as ExecutionRow) : execution
    const now = this.deps.clock.now()
    const duration = Math.max(0, (now - (row.started_at ?? row.created_at)) / 1000)
    const changed = inTransaction(this.deps.sqlite, () => {
      const updated = this.s.finish.run(status, output === null ? null : JSON.stringify(output), error, now, duration, n8nId, now, row.id).changes
      if (updated && status === 'completed') this.s.success.run(duration, now, row.workflow_id)
      if (updated && status === 'failed') this.s.failure.run(duration, now, row.workflow_id)
      return updated > 0
    })
    const event = changed ? `execution_${status}` : 'callback_ignored'
    this.record(row, event, changed && status === 'failed' ? 'error' : 'info', { status, error, previous: row.status })
    if (changed && status === 'failed') this.deps.afterFailure(row.workflow_id, now)
    if (changed && status === 'completed') this.deps.afterCompletion(row.workflow_id, now)
    // A slot is free: a dispatch waiting for its workflow's limit may go now.
    if (changed) this.deps.wake()
    return changed
  }

  private started(id: number, n8nId: string | null) {
    return { id, n8nId, now: this.deps.clock.now(), defaultTimeout: this.deps.defaultTimeoutSeconds() }
  }

  /**
   * Sends a pending execution to n8n (after its approval, or straight away) — with the input as
   * its approver changed it, when they did (JSON text); the approval keeps what was asked.
   */
  dispatch(executionId: number, approvedInput?: string): void {
    if (approvedInput !== undefined) this.s.replaceInput.run(approvedInput, this.deps.clock.now(), executionId)
    this.dispatchOrFail(executionId, this.deps.clock.now())
    this.deps.wake()
  }

  private dispatchOrFail(executionId: number, now: number): void {
    const row = this.s.toDispatch.get(executionId) as
      | { workflow_id: number; webhook_url: string | null; trigger_event: string | null; input_data: string | null; send_at: number | null }
      | undefined
    if (!row) return
    if (!row.webhook_url) {
      this.s.finish.run('failed', null, 'The workflow has no webhook_url to dispatch to', now, 0, null, now, executionId)
      this.s.failure.run(0, now, row.workflow_id)
      return
    }
    this.deps.outbox.add(
      {
        kind: 'dispatch',
        targetUrl: row.webhook_url,
        executionId,
        body: {
          flowgate: {
            execution_id: executionId,
            workflow_id: row.workflow_id,
            trigger_event: row.trigger_event,
            callback_url: this.deps.callbackUrl(row.workflow_id),
            attempt: 1,
          },
          data: (row.input_data === null ? null : JSON.parse(row.input_data)) ?? {},
        },
      },
      now,
      // Scheduled for later, it waits in the outbox until then, like a retry, so a restart changes nothing.
      Math.max(now, row.send_at ?? now),
    )
  }

  private record(row: ExecutionRow, eventType: string, severity: 'info' | 'error', data: unknown): void {
    this.deps.monitor.record({ eventType, severity, workflowId: row.workflow_id, executionId: row.id, data })
    this.deps.push.emit('executions.changed', { id: row.id })
  }
}

/** Nothing is started (or sent) with an input that lacks what the workflow needs: n8n would fail on it, or worse, send it. */
function refuseIncompleteInput(workflow: WorkflowRow, input: unknown): void {
  const problems = inputProblems(input, JSON.parse(workflow.required_input_fields) as string[])
  if (problems.length === 0) return
  throw new FlowgateError('validation', `input_data: ${describeInputProblems(problems)}; workflow "${workflow.workflow_name}" requires ${problems.length === 1 ? 'it' : 'them'}`)
}

function describeError(error: unknown): string {
  if (typeof error === 'string') return error.slice(0, 2000)
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message).slice(0, 2000)
  return error === undefined ? 'n8n reported a failure' : JSON.stringify(error).slice(0, 2000)
}
