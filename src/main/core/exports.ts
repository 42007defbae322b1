import type Database from 'better-sqlite3'
import { stringify } from 'csv-stringify/sync'
import { EXPORT_LIMIT, type CsvExport } from '../../shared/schemas/exports'
import { approvalFilter, type ApprovalFilter } from './approvals/approval-service'
import type { Condition } from './db/where'
import { executionFilter, type ExecutionFilter } from './executions/execution-queries'

type Cell = string | number | null

/** A column: its header, and how a row's cell is read (times become ISO dates). */
type Column = [header: string, read: (row: Record<string, Cell>) => Cell]

const text = (key: string): Column[1] => (row) => row[key] ?? null
const time = (key: string): Column[1] => (row) => (row[key] === null || row[key] === undefined ? null : new Date(Number(row[key])).toISOString())

/**
 * A cell a spreadsheet would run as a formula (text from n8n can start with anything) is
 * prefixed with an apostrophe, so opening the export never computes what a webhook sent.
 */
const inert = (value: Cell): Cell => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/** Rows read and written per turn of the event loop: webhooks keep being answered during a large export. */
const CHUNK = 1_000

/**
 * The filter's rows as CSV, newest first, with only the columns exported (never the JSON
 * payloads); read in chunks by id, yielding between them.
 */
async function exportCsv(sqlite: Database.Database, table: string, select: string, filter: Condition, columns: Column[]): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const where = filter.sql ? `${filter.sql} and id < ?` : 'where id < ?'
  const chunk = sqlite.prepare(`select ${select} from ${table} ${where} order by id desc limit ?`)
  const parts: string[] = []
  let rows = 0
  let below = Number.MAX_SAFE_INTEGER
  for (;;) {
    const part = chunk.all(...filter.params, below, Math.min(CHUNK, EXPORT_LIMIT + 1 - rows)) as Record<string, Cell>[]
    const kept = part.slice(0, EXPORT_LIMIT - rows)
    parts.push(stringify(kept.map((row) => columns.map(([, read]) => inert(read(row)))), { header: rows === 0, columns: columns.map(([header]) => header), bom: rows === 0 }))
    rows += kept.length
    if (kept.length < part.length) return { csv: parts.join(''), rows, truncated: true }
    if (part.length < CHUNK) return { csv: parts.join(''), rows, truncated: false }
    below = Number(part.at(-1)!.id)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Workflow names by id, deleted ones too: the export names what ran. */
function workflowNames(sqlite: Database.Database): (row: Record<string, Cell>) => Cell {
  const rows = sqlite.prepare('select id, workflow_name from n8n_workflows').all() as { id: number; workflow_name: string }[]
  const names = new Map(rows.map((w) => [w.id, w.workflow_name]))
  return (row) => (row.workflow_id === null ? null : (names.get(Number(row.workflow_id)) ?? null))
}

const day = (now: number) => new Date(now).toISOString().slice(0, 10)

const executionColumns = (workflow: Column[1]): Column[] => [
  ['id', text('id')],
  ['workflow_id', text('workflow_id')],
  ['workflow', workflow],
  ['status', text('status')],
  ['trigger_event', text('trigger_event')],
  ['trigger_source', text('trigger_source')],
  ['attempt', text('attempt')],
  ['retry_of', text('retry_of')],
  ['n8n_execution_id', text('n8n_execution_id')],
  ['created_at', time('created_at')],
  ['started_at', time('started_at')],
  ['finished_at', time('finished_at')],
  ['duration_seconds', text('duration_seconds')],
  ['error_message', text('error_message')],
]

const approvalColumns = (workflow: Column[1]): Column[] => [
  ['id', text('id')],
  ['workflow_id', text('workflow_id')],
  ['workflow', workflow],
  ['execution_id', text('execution_id')],
  ['type', text('approval_type')],
  ['title', text('approval_title')],
  ['priority', text('priority')],
  ['status', text('status')],
  ['created_at', time('created_at')],
  ['expires_at', time('expires_at')],
  ['decided_at', time('decided_at')],
  ['decided_by', text('decided_by')],
  ['decision_source', text('decision_source')],
  ['decision_reason', text('decision_reason')],
  ['ai_confidence', text('auto_approval_confidence')],
  ['ai_outcome', text('auto_outcome')],
  ['ai_model', text('auto_model')],
]

/** Every execution the filter matches (newest first), as CSV. */
export async function exportExecutions(sqlite: Database.Database, filter: ExecutionFilter, now: number): Promise<CsvExport> {
  const select = 'id, workflow_id, status, trigger_event, trigger_source, attempt, retry_of, n8n_execution_id, created_at, started_at, finished_at, duration_seconds, error_message'
  const csv = await exportCsv(sqlite, 'workflow_executions', select, executionFilter(filter), executionColumns(workflowNames(sqlite)))
  return { filename: `flowgate-executions-${day(now)}.csv`, ...csv }
}

/** Every approval the filter matches (newest first), with its decision and AI assessment, as CSV. */
export async function exportApprovals(sqlite: Database.Database, filter: ApprovalFilter, now: number): Promise<CsvExport> {
  const select = `id, workflow_id, execution_id, approval_type, approval_title, priority, status, created_at, expires_at, decided_at, decided_by,
    decision_source, decision_reason, auto_approval_confidence, auto_outcome, auto_model`
  const csv = await exportCsv(sqlite, 'workflow_approvals', select, approvalFilter(filter), approvalColumns(workflowNames(sqlite)))
  return { filename: `flowgate-approvals-${day(now)}.csv`, ...csv }
}
