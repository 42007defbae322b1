import type Database from 'better-sqlite3'
import { usualRunTimeReader } from '../workflows/run-times'
import type { z } from 'zod'
import { FlowgateError } from '../../../shared/errors'
import { describeInputProblems, inputProblems } from '../../../shared/input-fields'
import { searchedNumber } from '../../../shared/text'
import { allOf, containsText, whereEquals, type Condition } from '../db/where'
import { limitedDispatch, type Allowance } from '../dispatch/allowances'
import type { Clock } from '../clock'
import type { Execution, executionDetailSchema, executionListInputSchema } from '../../../shared/schemas/executions'

type ListInput = z.output<typeof executionListInputSchema>
type Row = Omit<Execution, 'input_data' | 'output_data' | 'calls_held'> & { input_data: string | null; output_data: string | null; calls_held: number }

/** A call for it waits in the outbox because its workflow's calls are held (outbox is indexed by execution). */
const callsHeld = `exists (select 1 from outbox o join n8n_workflows w on w.id = o.workflow_id
  where o.execution_id = workflow_executions.id and o.status = 'pending' and w.calls_held)`

/**
 * What its pending dispatch waits on, and until when at the earliest: the limit holding its
 * workflow and when that lets one go, from a JSON object of workflow id → [limit, opens at]
 * (see DispatchAllowances).
 */
const heldBy = (part: 0 | 1) => `case when exists (select 1 from outbox o where o.execution_id = workflow_executions.id and ${limitedDispatch('@now')})
  then json_extract(@held, '$."' || workflow_id || '"[${part}]') end`

/**
 * Held back from n8n: a call for it waits on its workflow's held calls, or its dispatch on a limit
 * holding its workflow now (`limited`, a JSON array of workflow ids). Read from the outbox's few
 * pending rows (an index by status), not per execution.
 */
const heldBack = (limited: number[], now: number): Condition => ({
  sql: `id in (select o.execution_id from outbox o join n8n_workflows w on w.id = o.workflow_id
    where o.status = 'pending' and o.execution_id is not null and (w.calls_held or (${limitedDispatch('?')} and o.workflow_id in (select value from json_each(?)))))`,
  params: [now, JSON.stringify(limited)],
})

const columns = `id, workflow_id, n8n_execution_id, status, input_data, output_data, duration_seconds, error_message,
  trigger_event, trigger_source, attempt, retry_of, send_at, dismissed_at, started_at, finished_at, created_at, updated_at, ${callsHeld} as calls_held,
  ${heldBy(0)} as waiting_on, ${heldBy(1)} as waiting_until`

const toExecution = (row: Row): Execution => ({
  ...row,
  input_data: row.input_data === null ? null : JSON.parse(row.input_data),
  output_data: row.output_data === null ? null : JSON.parse(row.output_data),
  calls_held: row.calls_held === 1,
})

/**
 * What the Executions search box finds: a number is an execution's own id or its n8n
 * execution id (both indexed, so instant at any size); anything else is an n8n execution id,
 * or text within the trigger event, the error or the input (a lead's e-mail address, say).
 */
function matching(search: string): Condition {
  const number = searchedNumber(search)
  if (number) return { sql: '(id = ? or n8n_execution_id = ?)', params: [Number(number), number] }
  const text = containsText(['trigger_event', 'error_message', 'input_data'], search)
  return { sql: `(n8n_execution_id = ? or ${text.sql})`, params: [search, ...text.params] }
}

export type ExecutionFilter = Pick<ListInput, 'workflow_id' | 'status' | 'search' | 'since' | 'held_back' | 'scheduled' | 'not_retried' | 'dismissed'>

/** Scheduled for later and not sent yet (a sent one is running or finished). */
const scheduled: Condition = { sql: "status = 'pending' and send_at is not null", params: [] }
/** No later attempt retried it (found through the partial index on retry_of). */
export const LATEST_ATTEMPT = 'not exists (select 1 from workflow_executions later where later.retry_of = workflow_executions.id)'
/** The failures still standing: not retried, nor dismissed by the operator as needing no retry. */
export const STANDING = `dismissed_at is null and ${LATEST_ATTEMPT}`
const notRetried: Condition = { sql: STANDING, params: [] }
const dismissed: Condition = { sql: 'dismissed_at is not null', params: [] }

/** The read side of executions: lists for the screens, one execution with its timeline. */
export class ExecutionQueries {
  private readonly usualRunTime

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock,
    /** What each workflow with a limit may still start in n8n at a moment. */
    private readonly allowances: (now: number) => Map<number, Allowance>,
  ) {
    this.usualRunTime = usualRunTimeReader(sqlite)
  }

  /** The WHERE clause of a filter, the same for the list, for acting on what it shows and for its export. */
  where(filter: ExecutionFilter): Condition {
    const since = filter.since === undefined ? null : { sql: 'created_at >= ?', params: [filter.since] }
    const now = this.clock.now()
    const held = filter.held_back ? heldBack(this.limited(now).map(([id]) => id), now) : null
    // Those held back are few: found by id, not through all of a workflow's or a status's executions (`+` keeps SQLite off those indexes).
    const by = held ? '+' : ''
    const flagged = [filter.scheduled ? scheduled : null, filter.not_retried ? notRetried : null, filter.dismissed ? dismissed : null]
    return whereEquals({ [`${by}workflow_id`]: filter.workflow_id, [`${by}status`]: filter.status }, allOf(filter.search ? matching(filter.search) : null, since, held, ...flagged))
  }

  /** The workflows a limit holds now, each with its allowance. */
  private limited(now: number) {
    return [...this.allowances(now)].filter(([, allowance]) => allowance.heldBy !== null)
  }

  /** Which workflows a limit holds now, which limit, and when it lets one go: a JSON object by workflow id. */
  private heldByLimits(): { held: string; now: number } {
    const now = this.clock.now()
    const held = this.limited(now).map(([id, allowance]) => [id, [allowance.heldBy, allowance.opensAt]])
    return { held: JSON.stringify(Object.fromEntries(held)), now }
  }

  list(input: ListInput): { items: Execution[]; total: number; page: number; page_size: number } {
    const { sql: where, params } = this.where(input)
    const total = this.sqlite.prepare(`select count(*) from workflow_executions ${where}`).pluck().get(...params) as number
    const order = input.sort === 'slowest' ? 'duration_seconds desc, id desc' : 'id desc'
    // The page's ids first, then their columns: sorting whole rows would work out what holds back every match.
    const rows = this.sqlite
      .prepare(`select ${columns} from workflow_executions where id in (select id from workflow_executions ${where} order by ${order} limit ? offset ?) order by ${order}`)
      .all(this.heldByLimits(), ...params, input.page_size, (input.page - 1) * input.page_size) as Row[]
    return { items: rows.map(toExecution), total, page: input.page, page_size: input.page_size }
  }

  get(id: number): z.output<typeof executionDetailSchema> {
    const row = this.sqlite.prepare(`select ${columns} from workflow_executions where id = ?`).get(this.heldByLimits(), id) as Row | undefined
    if (!row) throw new FlowgateError('not_found', `Execution ${id} does not exist`)
    const log = this.sqlite
      .prepare('select timestamp as at, event_type as event, severity, event_data as data from workflow_monitoring where execution_id = ? order by timestamp, id')
      .all(id) as { at: number; event: string; severity: string; data: string | null }[]
    const approvals = this.sqlite
      .prepare(
        `select id, approval_title as title, approval_type, status, decided_by, decided_at, decision_reason
         from workflow_approvals where execution_id = ? order by id`,
      )
      .all(id) as z.output<typeof executionDetailSchema>['approvals']
    const execution = toExecution(row)
    const ended = ['failed', 'cancelled'].includes(execution.status)
    return {
      ...execution,
      execution_log: log.map((entry) => ({ ...entry, data: entry.data === null ? null : JSON.parse(entry.data) })),
      approvals,
      last_worked: ended ? this.lastWorkedBefore(execution) : null,
      usual_seconds: execution.duration_seconds === null ? null : this.usualRunTime(execution.workflow_id, execution.created_at),
      input_refused: ended ? this.inputRefused(execution) : null,
      retried_as: ended ? this.retriedAs(execution.id) : null,
      webhook_id: this.startedBy(execution.id),
    }
  }

  /** The webhook that started it, while the queue keeps it. */
  private startedBy(id: number): number | null {
    const found = this.sqlite
      .prepare('select q.id from workflow_executions e join webhook_queue q on q.id = e.queue_item_id where e.id = ?')
      .pluck()
      .get(id) as number | undefined
    return found ?? null
  }

  /** The latest attempt that retried it (through the partial index on retry_of). */
  private retriedAs(id: number): z.output<typeof executionDetailSchema>['retried_as'] {
    const row = this.sqlite.prepare('select id, status from workflow_executions where retry_of = ? order by id desc limit 1').get(id)
    return (row as z.output<typeof executionDetailSchema>['retried_as'] | undefined) ?? null
  }

  /** What a retry of it, input unchanged, would be refused for by its workflow's rules as they are now. */
  private inputRefused(execution: Execution): string | null {
    const rules = this.sqlite.prepare('select required_input_fields from n8n_workflows where id = ?').pluck().get(execution.workflow_id) as string | undefined
    const problems = rules ? inputProblems(execution.input_data, JSON.parse(rules) as string[]) : []
    return problems.length ? describeInputProblems(problems) : null
  }

  /** Its workflow's latest completed execution created before it: one backward walk of the (workflow, created, status) index. */
  private lastWorkedBefore(execution: Execution): z.output<typeof executionDetailSchema>['last_worked'] {
    const row = this.sqlite
      .prepare(
        `select id, created_at, input_data from workflow_executions indexed by workflow_executions_workflow_idx
         where workflow_id = ? and created_at <= ? and status = 'completed' and id < ? order by created_at desc limit 1`,
      )
      .get(execution.workflow_id, execution.created_at, execution.id) as { id: number; created_at: number; input_data: string | null } | undefined
    return row ? { id: row.id, created_at: row.created_at, input_data: row.input_data === null ? null : JSON.parse(row.input_data) } : null
  }
}
