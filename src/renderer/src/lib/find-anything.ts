import type { Approval } from '../../../shared/schemas/approvals'
import type { Execution } from '../../../shared/schemas/executions'
import type { QueueItemSummary } from '../../../shared/schemas/queue'
import { plural, searchedNumber } from '../../../shared/text'
import { screens, screenTitles, type Route } from '../stores/navigation'
import { workflowLabel } from '../stores/workflow-names'

/** Something the box can do rather than open: each harmless, or undone by its opposite. */
export type Command = 'pause-calls' | 'resume-calls' | 'back-up' | 'test-alert' | 'pending-approvals' | 'failed-executions' | 'held-executions' | 'scheduled-executions' | 'failed-webhooks' | 'failed-in-n8n' | 'quiet-workflows' | 'failing-workflows' | 'slow-workflows' | 'refused-webhooks' | 'unstored-webhooks' | 'shortcuts'

/** Where a choice leads: one record or screen, a list screen showing everything that matches, or a command. */
export type FoundTarget =
  | { kind: 'route'; route: Route }
  | { kind: 'list'; screen: 'executions' | 'approvals' | 'queue' | 'monitoring'; search: string }
  | { kind: 'command'; command: Command }

export interface Found {
  key: string
  label: string
  detail?: string
  target: FoundTarget
}

/** What the core answered for a query; a part that failed or was not asked is missing. */
export interface FoundRemotely {
  executions?: { items: Execution[]; total: number }
  approvals?: { items: Approval[]; total: number }
  webhooks?: { items: QueueItemSummary[]; total: number }
}

/** How many records of each kind are shown; the rest are behind a "see all" choice. */
export const SHOWN_PER_KIND = 5

const normalized = (text: string) => text.trim().toLowerCase()

/** Text this short would match nearly every record: only screens and workflows are looked through. */
export const asksTheCore = (query: string): boolean => recordNumber(query) !== null || query.trim().length >= 2

/** `#12` or `12`: a record's number, which any kind of record may have. */
export const recordNumber = (query: string): number | null => {
  const digits = searchedNumber(query)
  return digits ? Number(digits) : null
}

export function screensMatching(query: string): Found[] {
  const words = normalized(query)
  if (!words) return screens.map((screen) => ({ key: `screen-${screen}`, label: screenTitles[screen], detail: 'Screen', target: { kind: 'route', route: { screen, id: null } } }))
  return screens
    .filter((screen) => screenTitles[screen].toLowerCase().includes(words))
    .map((screen) => ({ key: `screen-${screen}`, label: screenTitles[screen], detail: 'Screen', target: { kind: 'route', route: { screen, id: null } } }))
}

/** Each command, with the other words an operator may type for it. */
const commands: { command: Command; label: string; alsoFor: string }[] = [
  { command: 'pause-calls', label: 'Pause calls to n8n', alsoFor: 'maintenance stop hold dispatch' },
  { command: 'resume-calls', label: 'Resume calls to n8n', alsoFor: 'unpause release dispatch' },
  { command: 'back-up', label: 'Back up now', alsoFor: 'backup database copy' },
  { command: 'test-alert', label: 'Send a test alert', alsoFor: 'phone chat ntfy slack discord notify message' },
  { command: 'pending-approvals', label: 'Approvals waiting for a decision', alsoFor: 'pending inbox decide' },
  { command: 'failed-executions', label: 'Failed executions', alsoFor: 'errors' },
  { command: 'held-executions', label: 'Executions held back from n8n', alsoFor: 'waiting limit window hour day not sent pending' },
  { command: 'scheduled-executions', label: 'Executions scheduled for later', alsoFor: 'planned send at timer future' },
  { command: 'failed-webhooks', label: 'Webhooks that failed for good', alsoFor: 'dead letters replay queue' },
  { command: 'failed-in-n8n', label: 'Runs that failed in n8n on their own', alsoFor: 'errors schedule cron outside' },
  { command: 'quiet-workflows', label: 'Workflows that went quiet', alsoFor: 'silent stopped not heard cron schedule' },
  { command: 'failing-workflows', label: 'Workflows that keep failing', alsoFor: 'broken errors in a row streak held' },
  { command: 'slow-workflows', label: 'Workflows that ran slower than usual', alsoFor: 'slowdown duration run time long latency' },
  { command: 'refused-webhooks', label: 'Webhooks refused for their signature', alsoFor: 'unauthorized 401 rejected secret credential' },
  { command: 'unstored-webhooks', label: 'Webhooks that could not be stored', alsoFor: 'refused 503 disk full space database locked' },
  { command: 'shortcuts', label: 'Keyboard shortcuts', alsoFor: 'keys help' },
]

/** What decides which commands make sense now: whether calls to n8n are paused (null: the environment fixes it). */
export interface CommandState {
  callsPaused: boolean | null
}

/** Commands whose label or other words hold every word typed; pausing or resuming only where it can be done. */
export function commandsMatching(query: string, state: CommandState): Found[] {
  const words = normalized(query).split(/\s+/).filter(Boolean)
  const offered = (command: Command) =>
    command === 'pause-calls' ? state.callsPaused === false : command === 'resume-calls' ? state.callsPaused === true : true
  return commands
    .filter(({ command, label, alsoFor }) => offered(command) && words.every((word) => `${label} ${alsoFor}`.toLowerCase().includes(word)))
    .map(({ command, label }) => ({ key: `command-${command}`, label, detail: 'Command', target: { kind: 'command', command } }))
}

/** Workflows by words of their name, or by their number. */
export function workflowsMatching(query: string, names: ReadonlyMap<number, string>): Found[] {
  const words = normalized(query)
  if (!words) return []
  const number = recordNumber(query)
  return [...names]
    .filter(([id, name]) => id === number || name.toLowerCase().includes(words))
    .slice(0, SHOWN_PER_KIND)
    .map(([id, name]) => ({ key: `workflow-${id}`, label: name, detail: `Workflow #${id}`, target: { kind: 'route', route: { screen: 'workflows', id } } }))
}

const seeAll = (screen: 'executions' | 'approvals' | 'queue', what: string, total: number, shown: number, search: string): Found[] =>
  total > shown ? [{ key: `all-${screen}`, label: `All ${plural(total, what)} matching "${search}"`, target: { kind: 'list', screen, search } }] : []

/** The records the core found, each kind in turn, with a way to the whole list where more matched. */
export function recordsFound(query: string, found: FoundRemotely, names: ReadonlyMap<number, string>): Found[] {
  const search = query.trim()
  const executions = found.executions?.items.slice(0, SHOWN_PER_KIND) ?? []
  const approvals = found.approvals?.items.slice(0, SHOWN_PER_KIND) ?? []
  const webhooks = found.webhooks?.items.slice(0, SHOWN_PER_KIND) ?? []
  return [
    ...executions.map(
      (e): Found => ({
        key: `execution-${e.id}`,
        label: `Execution #${e.id} · ${workflowLabel(names, e.workflow_id)}`,
        detail: [e.status, e.n8n_execution_id ? `n8n ${e.n8n_execution_id}` : null, e.trigger_event, e.error_message].filter(Boolean).join(' · '),
        target: { kind: 'route', route: { screen: 'executions', id: e.id } },
      }),
    ),
    ...seeAll('executions', 'execution', found.executions?.total ?? 0, executions.length, search),
    ...approvals.map(
      (a): Found => ({
        key: `approval-${a.id}`,
        label: `Approval #${a.id} · ${a.approval_title}`,
        detail: `${a.status} · ${a.approval_type} · ${workflowLabel(names, a.workflow_id)}`,
        target: { kind: 'route', route: { screen: 'approvals', id: a.id } },
      }),
    ),
    ...seeAll('approvals', 'approval', found.approvals?.total ?? 0, approvals.length, search),
    ...webhooks.map(
      (w): Found => ({
        key: `webhook-${w.id}`,
        label: `Webhook #${w.id} · ${w.kind.replace('_', ' ')}`,
        detail: `${w.status} · ${w.workflowId === null ? 'generic event' : workflowLabel(names, w.workflowId)}${w.lastError ? ` · ${w.lastError}` : ''}`,
        target: { kind: 'route', route: { screen: 'queue', id: w.id } },
      }),
    ),
    ...seeAll('queue', 'webhook', found.webhooks?.total ?? 0, webhooks.length, search),
  ]
}

/** The activity log is searched on its own screen: reading a long log takes longer than a keystroke. */
export const searchActivity = (query: string): Found[] =>
  query.trim() && recordNumber(query) === null
    ? [{ key: 'all-monitoring', label: `Search the activity log for "${query.trim()}"`, target: { kind: 'list', screen: 'monitoring', search: query.trim() } }]
    : []

/** Everything a query finds, in the order shown: screens, commands and workflows (known here), then records, then the log. */
export const everythingFound = (query: string, found: FoundRemotely, names: ReadonlyMap<number, string>, state: CommandState = { callsPaused: null }): Found[] => [
  ...screensMatching(query),
  ...commandsMatching(query, state),
  ...workflowsMatching(query, names),
  ...recordsFound(query, found, names),
  ...searchActivity(query),
]
