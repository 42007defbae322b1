import type { HealthReport } from '../../../shared/schemas/health'
import { creditsSaid } from '../../../shared/ai-spend'
import { refusedWebhooksSaid, type Dashboard } from '../../../shared/schemas/monitoring'
import { slowerSaid } from '../../../shared/schemas/workflows'
import { duration, plural, sentenceCase } from '../../../shared/text'
import { relativeTime } from '../lib/format'
import { approvalsExpiringWithin, eventsSaying, listLink, n8nRunFailureEvents, refusedWebhookEvents, standingFailuresToday, unstoredWebhookEvents } from '../../../shared/list-links'
import { routeHash } from './navigation'

/** What each item is about (its key and test id). */
export type AttentionTarget =
  | 'not-stored'
  | 'tunnel'
  | 'old-secret'
  | 'refused'
  | 'held'
  | 'failing'
  | 'full'
  | 'quiet'
  | 'slow'
  | 'expiring'
  | 'ai-budget'
  | 'not-told'
  | 'dead-letters'
  | 'backup'
  | 'failed-today'
  | 'n8n-failed'

export interface AttentionItem {
  id: AttentionTarget
  text: string
  /** The address it opens: the list holding what it counts (of its one workflow, where it concerns one), or the screen where it is fixed. */
  link: string
}

const settings = routeHash({ screen: 'settings', id: null })
const workflowPage = (id: number) => routeHash({ screen: 'workflows', id })

/** Calls held for a workflow wait until someone releases them: easy to forget once n8n is fixed. */
function heldCalls(held: Dashboard['held_workflows']): AttentionItem | null {
  const [first] = held
  if (!first) return null
  const waiting = plural(held.reduce((sum, w) => sum + w.waiting_calls, 0), 'call')
  const which = held.length === 1 ? `"${first.workflow_name}"${first.reason ? ` since ${first.reason}` : ''}` : plural(held.length, 'workflow')
  return { id: 'held', text: `Calls to n8n held for ${which} (${waiting} waiting): release once n8n is fixed`, link: workflowPage(first.id) }
}

/** A workflow whose runs keep failing is broken (an expired credential, a changed API), not unlucky. Those held already are said above. */
function failingWorkflows(failing: Dashboard['failing_workflows'], held: Dashboard['held_workflows'], now: number): AttentionItem | null {
  const heldIds = new Set(held.map((w) => w.id))
  const shown = failing.filter((w) => !heldIds.has(w.id))
  const [first] = shown
  if (!first) return null
  if (shown.length > 1) return { id: 'failing', text: `${plural(shown.length, 'workflow')} keep failing: ${shown.map((w) => `"${w.workflow_name}"`).join(', ')}`, link: listLink('executions', { status: 'failed' }) }
  const error = first.last_error ? `: ${first.last_error.slice(0, 120)}` : ''
  return {
    id: 'failing',
    text: `"${first.workflow_name}" failed its last ${first.failed_in_a_row} runs, the first ${relativeTime(first.failing_since, now)}${error}`,
    link: listLink('executions', { status: 'failed', workflow_id: first.id }),
  }
}

/** Dispatches queue behind a workflow's limit: a backlog to let through, or executions n8n never reported finished. */
function fullWorkflows(full: Dashboard['full_workflows'], now: number): AttentionItem | null {
  const [first] = full
  if (!first) return null
  const text = fullSaid(full, first, now)
  return { id: 'full', text, link: listLink('executions', { held_back: true, workflow_id: full.length === 1 ? first.id : undefined }) }
}

/** What holds them back, said for one workflow or counted for several. */
function fullSaid(full: Dashboard['full_workflows'], first: Dashboard['full_workflows'][number], now: number): string {
  const waiting = full.reduce((sum, w) => sum + w.waiting, 0)
  const executions = `${plural(waiting, 'execution')} ${waiting === 1 ? 'waits' : 'wait'}`
  const heldBy = new Set(full.map((w) => w.held_by))
  if (heldBy.size > 1) return `${executions} on their workflows' limits: ${plural(full.length, 'workflow')} at their limit`
  const opens = (at: number | null, what: string) => (at ? `; ${what} ${relativeTime(at, now)}` : '')
  if (first.held_by === 'window') {
    const which = full.length === 1 ? `the send window of "${first.workflow_name}" is closed${opens(first.opens_at, 'it opens')}` : `${plural(full.length, 'workflow')} outside their send window`
    return `${executions} to be sent: ${which}`
  }
  if (first.held_by === 'hourly' || first.held_by === 'daily') {
    const span = first.held_by === 'hourly' ? 'the hour' : '24 hours'
    const which =
      full.length === 1
        ? `"${first.workflow_name}" started its ${first.limit} within ${span}${opens(first.opens_at, 'the next goes')}`
        : `${plural(full.length, 'workflow')} started as many within ${span} as they allow`
    return `${executions} ${waiting === 1 ? 'its' : 'their'} turn: ${which}`
  }
  const which = full.length === 1 ? `"${first.workflow_name}" runs its ${first.limit} at once` : `${plural(full.length, 'workflow')} run as many as they allow`
  return `${executions} for a free slot: ${which}`
}

/** A workflow not heard from for longer than expected: a cron in n8n that stopped, a credential that expired. */
function quietWorkflows(quiet: Dashboard['quiet_workflows'], now: number): AttentionItem | null {
  const [first] = quiet
  if (!first) return null
  if (quiet.length > 1) return { id: 'quiet', text: `${plural(quiet.length, 'workflow')} quieter than expected: ${quiet.map((w) => `"${w.workflow_name}"`).join(', ')}`, link: workflowPage(first.id) }
  const heard = first.last_heard_at === null ? 'never heard from' : `not heard from for ${duration((now - first.last_heard_at) / 1000)}`
  return { id: 'quiet', text: `"${first.workflow_name}" ${heard} (expected at least every ${first.expect_run_every_hours} h): is it still running in n8n?`, link: workflowPage(first.id) }
}

/** Runs taking much longer than they did: an API slowing down, a step retrying, data grown large — before it becomes a timeout. */
function slowWorkflows(slow: Dashboard['slow_workflows']): AttentionItem | null {
  const [first] = slow
  if (!first) return null
  const runs = (workflowId?: number) => listLink('executions', { status: 'completed', workflow_id: workflowId, period: '24h' })
  if (slow.length > 1) return { id: 'slow', text: `${plural(slow.length, 'workflow')} run slower than usual: ${slow.map((w) => `"${w.workflow_name}"`).join(', ')}`, link: runs() }
  return { id: 'slow', text: slowerSaid(first.workflow_name, first), link: runs(first.id) }
}

/** n8n still using the replaced webhook secret fails once it stops being accepted: say so while there is time. */
function oldSecretInUse(previous: Dashboard['previous_secret'], now: number): AttentionItem | null {
  if (!previous?.last_used_at) return null
  return {
    id: 'old-secret',
    text: `n8n still uses the previous webhook secret, refused ${relativeTime(previous.accepted_until, now)}: put the current one in n8n's credentials`,
    link: eventsSaying('previous_secret_used'),
  }
}

/** n8n signing with another secret than Flowgate's: its calls fail in n8n, and Flowgate hears of it only here. */
function refusedWebhooks(refused: Dashboard['refused_webhooks'] | undefined, now: number): AttentionItem | null {
  if (!refused?.count) return null
  return { id: 'refused', text: `${refusedWebhooksSaid(refused.count)}, the latest ${relativeTime(refused.last_at, now)}: ${refused.last_error ?? 'see the activity log'}`, link: refusedWebhookEvents }
}

/** With the day's AI budget spent every new approval waits for a person: they pile up unless someone decides or raises it. */
function aiBudgetSpent(spent: Dashboard['ai_budget_spent'] | undefined): AttentionItem | null {
  if (!spent) return null
  return { id: 'ai-budget', text: `Today's AI budget is spent (${creditsSaid(spent.spent)} of ${creditsSaid(spent.budget)}): new approvals wait for you until midnight UTC`, link: settings }
}

/** Webhooks failed for good say where and why, so a payload n8n changed shows as one cause, not a count. */
function deadLetters(failed: number, byWorkflow: Dashboard['failed_webhooks']): AttentionItem | null {
  if (!failed) return null
  const [first] = byWorkflow
  const webhooks = plural(failed, 'webhook')
  const deadIn = (workflowId?: number) => listLink('queue', { status: 'failed', workflowId })
  if (!first) return { id: 'dead-letters', text: `${webhooks} failed for good: look and replay`, link: deadIn() }
  const which = first.workflow_name === null ? 'generic events' : `"${first.workflow_name}"`
  const error = first.last_error ? `, the latest: ${first.last_error.slice(0, 120)}` : ''
  if (byWorkflow.length === 1 && first.count === failed) {
    return { id: 'dead-letters', text: `${webhooks} for ${which} failed for good${error}: look and replay`, link: deadIn(first.workflow_id ?? undefined) }
  }
  return { id: 'dead-letters', text: `${webhooks} failed for good, most for ${which} (${first.count}): look and replay`, link: deadIn() }
}

/**
 * What needs the operator now, most pressing first — each something to act on, never a figure
 * to admire; empty when nothing does.
 */
export function attentionItems(dashboard: Dashboard | null, health: HealthReport | null, failedWebhooks: number, now = Date.now()): AttentionItem[] {
  const items: (AttentionItem | null)[] = [
    // Down while running means webhooks cannot be stored: each is refused, and n8n must send it again.
    health?.checks.publicListener.status === 'down' ? { id: 'not-stored', text: sentenceCase(health.checks.publicListener.detail), link: unstoredWebhookEvents } : null,
    health?.checks.tunnel.status === 'degraded' ? { id: 'tunnel', text: 'n8n cannot reach Flowgate: the tunnel does not answer', link: settings } : null,
    oldSecretInUse(dashboard?.previous_secret ?? null, now),
    refusedWebhooks(dashboard?.refused_webhooks, now),
    heldCalls(dashboard?.held_workflows ?? []),
    failingWorkflows(dashboard?.failing_workflows ?? [], dashboard?.held_workflows ?? [], now),
    fullWorkflows(dashboard?.full_workflows ?? [], now),
    quietWorkflows(dashboard?.quiet_workflows ?? [], now),
    slowWorkflows(dashboard?.slow_workflows ?? []),
    dashboard?.approvals_expiring_soon
      ? {
          id: 'expiring',
          text: `${plural(dashboard.approvals_expiring_soon, 'approval')} ${dashboard.approvals_expiring_soon === 1 ? 'expires' : 'expire'} within the hour`,
          link: approvalsExpiringWithin(60),
        }
      : null,
    aiBudgetSpent(dashboard?.ai_budget_spent),
    dashboard?.decisions_not_taken
      ? { id: 'not-told', text: `n8n never took ${plural(dashboard.decisions_not_taken, 'decision')}: send again`, link: listLink('approvals', { n8n_not_told: true }) }
      : null,
    deadLetters(failedWebhooks, dashboard?.failed_webhooks ?? []),
    health && ['degraded', 'down'].includes(health.checks.backup.status) ? { id: 'backup', text: 'The last backup failed', link: settings } : null,
    dashboard?.failed_not_retried_today
      ? { id: 'failed-today', text: `${plural(dashboard.failed_not_retried_today, 'execution')} failed today, not retried yet`, link: standingFailuresToday }
      : null,
    dashboard?.n8n_runs_failed_today
      ? {
          id: 'n8n-failed',
          text: `${plural(dashboard.n8n_runs_failed_today, 'run')} failed in n8n today that Flowgate did not start (its schedule, its own webhook)`,
          link: n8nRunFailureEvents,
        }
      : null,
  ]
  return items.filter((item): item is AttentionItem => item !== null)
}
