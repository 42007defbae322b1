import type Database from 'better-sqlite3'
import { stringify } from 'csv-stringify/sync'
import { EXPORT_LIMIT, type CsvExport } from '../../shared/schemas/exports'
import { dataChanges } from '../../shared/data-changes'
import { approvalFilter, type ApprovalFilter } from './approvals/approval-filter'
import type { Condition } from './db/where'
import type { ExecutionFilter } from './executions/execution-queries'
import { eventCondition, type EventFilter } from './monitoring-queries'
import { queueCondition, type QueueFilter } from './queue/queue-store'

type Cell = string | number | null
type Row = Record<string, Cell>

/**
 * A column: its header, the table column it comes from, and how it is shown (as is by default;
 * `changes`: the places a person changed in the approval's data, never the data itself).
 */
type Column = [header: string, source: string, shown?: 'time' | 'workflow' | 'changes']

/** A list that exports: its table, its columns, and the name its files carry. */
interface ExportedList {
  name: string
  table: string
  columns: Column[]
  /** Table columns a column's reading needs besides its own, not exported themselves. */
  reads?: string[]
}

const executions: ExportedList = {
  name: 'executions',
  table: 'workflow_executions',
  columns: [
    ['id', 'id'],
    ['workflow_id', 'workflow_id'],
    ['workflow', 'workflow_id', 'workflow'],
    ['status', 'status'],
    ['trigger_event', 'trigger_event'],
    ['trigger_source', 'trigger_source'],
    ['attempt', 'attempt'],
    ['retry_of', 'retry_of'],
    ['n8n_execution_id', 'n8n_execution_id'],
    ['created_at', 'created_at', 'time'],
    ['started_at', 'started_at', 'time'],
    ['finished_at', 'finished_at', 'time'],
    ['duration_seconds', 'duration_seconds'],
    ['error_message', 'error_message'],
    ['dismissed_at', 'dismissed_at', 'time'],
  ],
}

const approvals: ExportedList = {
  name: 'approvals',
  table: 'workflow_approvals',
  columns: [
    ['id', 'id'],
    ['workflow_id', 'workflow_id'],
    ['workflow', 'workflow_id', 'workflow'],
    ['execution_id', 'execution_id'],
    ['type', 'approval_type'],
    ['title', 'approval_title'],
    ['priority', 'priority'],
    ['status', 'status'],
    ['created_at', 'created_at', 'time'],
    ['expires_at', 'expires_at', 'time'],
    ['decided_at', 'decided_at', 'time'],
    ['decided_by', 'decided_by'],
    ['decision_source', 'decision_source'],
    ['decision_reason', 'decision_reason'],
    ['ai_confidence', 'auto_approval_confidence'],
    ['ai_outcome', 'auto_outcome'],
    ['ai_model', 'auto_model'],
    ['changed_before_approval', 'approved_data', 'changes'],
  ],
  reads: ['approval_data'],
}

const events: ExportedList = {
  name: 'events',
  table: 'workflow_monitoring',
  columns: [
    ['id', 'id'],
    ['time', 'timestamp', 'time'],
    ['severity', 'severity'],
    ['event_type', 'event_type'],
    ['workflow_id', 'workflow_id'],
    ['workflow', 'workflow_id', 'workflow'],
    ['execution_id', 'execution_id'],
    // What the event says (an action's summary, an error's message): small JSON, never a webhook's payload.
    ['data', 'event_data'],
  ],
}

const webhooks: ExportedList = {
  name: 'webhooks',
  table: 'webhook_queue',
  columns: [
    ['id', 'id'],
    ['workflow_id', 'workflow_id'],
    ['workflow', 'workflow_id', 'workflow'],
    ['kind', 'kind'],
    ['status', 'status'],
    ['source', 'source'],
    ['received_at', 'received_at', 'time'],
    ['processed_at', 'processed_at', 'time'],
    ['retry_count', 'retry_count'],
    ['next_retry_at', 'next_retry_at', 'time'],
    ['last_error', 'last_error'],
  ],
}

/**
 * A cell a spreadsheet would run as a formula (text from n8n can start with anything) is
 * prefixed with an apostrophe, so opening the export never computes what a webhook sent.
 */
const inert = (value: Cell): Cell => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/** Rows read and written per turn of the event loop: webhooks keep being answered during a large export. */
const CHUNK = 1_000
/** Ids looked at per turn at most: when few rows match (a search), a turn still reads a bounded stretch. */
const WINDOW = 20_000

/** Workflow names by id, deleted ones too: the export names what ran. */
function workflowNames(sqlite: Database.Database): Map<number, string> {
  const rows = sqlite.prepare('select id, workflow_name from n8n_workflows').all() as { id: number; workflow_name: string }[]
  return new Map(rows.map((w) => [w.id, w.workflow_name]))
}

/** How a row's cell reads in the file: times as ISO dates, workflows by name. */
function cellReader(sqlite: Database.Database): (row: Row, column: Column) => Cell {
  const names = workflowNames(sqlite)
  return (row, [, source, shown]) => {
    const value = row[source] ?? null
    if (value === null || !shown) return value
    if (shown === 'changes') return dataChanges(JSON.parse(String(row.approval_data ?? 'null')), JSON.parse(String(value))).map((c) => c.path).join(', ')
    return shown === 'time' ? new Date(Number(value)).toISOString() : (names.get(Number(value)) ?? null)
  }
}

/**
 * Every row the filter matches as CSV, newest first, with only the columns exported (never the
 * JSON payloads); read in chunks by id, yielding between them.
 */
async function exportList(sqlite: Database.Database, list: ExportedList, filter: Condition, now: number): Promise<CsvExport> {
  const select = [...new Set(['id', ...list.columns.map(([, source]) => source), ...(list.reads ?? [])])].join(', ')
  const where = filter.sql ? `${filter.sql} and id < ? and id >= ?` : 'where id < ? and id >= ?'
  const chunk = sqlite.prepare(`select ${select} from ${list.table} ${where} order by id desc limit ?`)
  const ids = sqlite.prepare(`select min(id) as lowest, max(id) as highest from ${list.table}`).get() as { lowest: number | null; highest: number | null }
  const cell = cellReader(sqlite)
  const headers = list.columns.map(([header]) => header)
  const filename = `flowgate-${list.name}-${new Date(now).toISOString().slice(0, 10)}.csv`
  const parts = [stringify([], { header: true, columns: headers, bom: true })]
  const done = (rows: number, truncated: boolean) => ({ filename, csv: parts.join(''), rows, truncated })
  let rows = 0
  let below = (ids.highest ?? 0) + 1
  const lowest = ids.lowest ?? 1
  while (below > lowest) {
    const floor = Math.max(lowest, below - WINDOW)
    const part = chunk.all(...filter.params, below, floor, Math.min(CHUNK, EXPORT_LIMIT + 1 - rows)) as Row[]
    const kept = part.slice(0, EXPORT_LIMIT - rows)
    parts.push(stringify(kept.map((row) => list.columns.map((column) => inert(cell(row, column))))))
    rows += kept.length
    if (kept.length < part.length) return done(rows, true)
    below = part.length === CHUNK ? Number(part.at(-1)!.id) : floor
    await new Promise((resolve) => setImmediate(resolve))
  }
  return done(rows, false)
}

/**
 * Every row a list's filter matches (newest first), as CSV: executions by the condition their
 * queries make of a filter, approvals with their decision and AI assessment, monitoring events
 * (the activity log with `event_type: operator_action`), webhooks by the queue's filter (when
 * each came, from whom, how it ended; never its body or headers).
 */
export function csvExports(sqlite: Database.Database, executionWhere: (filter: ExecutionFilter) => Condition, now: () => number) {
  return {
    executions: (filter: ExecutionFilter) => exportList(sqlite, executions, executionWhere(filter), now()),
    approvals: (filter: ApprovalFilter) => {
      const at = now()
      return exportList(sqlite, approvals, approvalFilter(filter, at), at)
    },
    events: (filter: EventFilter) => exportList(sqlite, events, eventCondition(filter), now()),
    webhooks: (filter: QueueFilter) => exportList(sqlite, webhooks, queueCondition(filter), now()),
  }
}
