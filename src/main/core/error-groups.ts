import type Database from 'better-sqlite3'
import type { ErrorGroup } from '../../shared/schemas/error-groups'

/** Failures read at most (the newest): enough to rank what fails most — of all workflows, or of one. */
const READ_AT_MOST = 5_000
const READ_OF_ONE_AT_MOST = 1_000
const GROUPS_SHOWN = 5
const VARYING = '…'

/**
 * An error's shape: numbers, ids and addresses stand for any, so "mailbox 123 unavailable"
 * and "mailbox 456 unavailable" are one error.
 */
export function errorShape(message: string): string {
  return message
    .trim()
    .slice(0, 300)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<email>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\d+/g, '#')
}

/**
 * What the messages of one group say word for word where they all agree, the rest shown as
 * "…"; and the longest stretch they all share, which the Executions search finds them by.
 */
export function commonWording(messages: string[]): { pattern: string; search: string } {
  const split = messages.map((m) => m.trim().split(/\s+/))
  const first = split[0]!
  const same = first.map((word, i) => split.every((words) => words[i] === word))
  const pattern = first.map((word, i) => (same[i] ? word : VARYING)).join(' ')
  let best: string[] = []
  let run: string[] = []
  first.forEach((word, i) => {
    run = same[i] ? [...run, word] : []
    if (run.join(' ').length > best.join(' ').length) best = run
  })
  return { pattern: pattern.slice(0, 200), search: best.join(' ').slice(0, 200) }
}

/** The errors that failed executions (of one workflow, or of all) most often since `since`, most frequent first. */
export function errorGroups(sqlite: Database.Database, since: number, workflowId?: number): ErrorGroup[] {
  const ofWorkflow = workflowId === undefined ? '' : 'workflow_id = @workflowId and'
  const rows = sqlite
    .prepare(
      `select workflow_id, error_message, created_at from workflow_executions
       where ${ofWorkflow} status = 'failed' and created_at >= @since and error_message is not null
       order by created_at desc limit ${workflowId === undefined ? READ_AT_MOST : READ_OF_ONE_AT_MOST}`,
    )
    .all({ since, workflowId }) as { workflow_id: number; error_message: string; created_at: number }[]
  const groups = new Map<string, { messages: string[]; workflows: Set<number>; count: number; lastAt: number }>()
  for (const row of rows) {
    const shape = errorShape(row.error_message)
    const group = groups.get(shape) ?? { messages: [], workflows: new Set(), count: 0, lastAt: row.created_at }
    group.count += 1
    group.workflows.add(row.workflow_id)
    // A few messages are enough to tell the fixed words from the varying ones.
    if (group.messages.length < 50) group.messages.push(row.error_message)
    groups.set(shape, group)
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt)
    .slice(0, GROUPS_SHOWN)
    .map((group) => ({ ...commonWording(group.messages), count: group.count, workflow_ids: [...group.workflows], last_at: group.lastAt }))
}
