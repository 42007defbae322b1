import type { AlertApprovals } from '../../../shared/schemas/settings'
import { sentenceCase } from '../../../shared/text'
import type { MonitorEvent } from '../monitor'

/** Warnings worth a message away from the desk: each says something is wrong and keeps being so. */
export const ALERTED_WARNINGS = new Set([
  'workflow_failing',
  'calls_held_automatically',
  'workflow_quiet',
  'workflow_slow',
  'ai_budget_spent',
  'previous_secret_used',
  'n8n_credential_gone',
  'n8n_credential_stale',
  'workflow_secret_unreadable',
  'health_degraded',
])

const titles: Record<string, string> = {
  approval_required: 'Approval waiting',
  approval_expiring: 'Approval expires soon',
  execution_failed: 'Execution failed',
  webhook_failed: 'Webhook failed for good',
  webhook_not_stored: 'Webhooks refused: they cannot be stored',
  dispatch_failed: 'n8n did not take a run',
  resume_failed: 'n8n did not take a decision',
  stop_failed: 'n8n did not take a stop',
  tunnel_unreachable: 'n8n cannot reach Flowgate',
  backup_failed: 'Backup failed',
  workflow_failing: 'Workflow keeps failing',
  calls_held_automatically: 'Calls to n8n held',
  workflow_quiet: 'Workflow went quiet',
  workflow_slow: 'Workflow slower than usual',
  ai_budget_spent: "Today's AI budget is spent",
  previous_secret_used: 'n8n uses the previous webhook secret',
  n8n_credential_gone: 'n8n credential gone',
  n8n_credential_stale: 'n8n credential out of date',
  workflow_secret_unreadable: "A workflow's secret cannot be read",
  health_degraded: 'Health check failing',
}

/** The approval events that may alert, chosen by FLOWGATE_ALERT_APPROVALS. */
export const APPROVAL_ALERTS = ['approval_required', 'approval_expiring']

/**
 * What goes out: errors, the lasting warnings above, and approvals as chosen — by default those
 * asked for at high priority and any about to expire undecided.
 */
export function isAlerted(event: MonitorEvent, approvals: AlertApprovals = 'high'): boolean {
  if (event.severity === 'error' || event.severity === 'critical') return true
  if (APPROVAL_ALERTS.includes(event.eventType)) {
    if (approvals !== 'high') return approvals === 'all'
    return event.eventType === 'approval_expiring' || (event.data as { priority?: unknown } | undefined)?.priority === 'high'
  }
  return ALERTED_WARNINGS.has(event.eventType)
}

const DETAIL_LENGTH = 300
const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null)

export interface Alert {
  /** What happened, and to which workflow and execution. */
  heading: string
  /** The heading and why. */
  line: string
  /** An error: chat tools and ntfy show it louder. */
  urgent: boolean
}

/** An event in words: what happened, to which workflow and execution, and why. */
export function describeAlert(event: MonitorEvent, workflowName: (id: number) => string | null): Alert {
  const data = (event.data ?? {}) as Record<string, unknown>
  const title = titles[event.eventType] ?? sentenceCase(event.eventType.replaceAll('_', ' '))
  const name = event.workflowId == null ? null : workflowName(event.workflowId)
  const where = [name ? `"${name}"` : null, event.executionId == null ? null : `execution #${event.executionId}`].filter(Boolean).join(', ')
  const heading = `${title}${where ? ` (${where})` : ''}`
  const said = textOf(data.title) ?? textOf(data.error) ?? textOf(data.reason) ?? textOf(data.message) ?? textOf(data.summary)
  // The heading names the workflow already: `"Mailer": its last 3 runs failed` reads without it.
  const detail = name && said?.startsWith(`"${name}": `) ? said.slice(name.length + 4) : said
  const shortDetail = detail && detail.length > DETAIL_LENGTH ? `${detail.slice(0, DETAIL_LENGTH - 1)}…` : detail
  return { heading, line: shortDetail ? `${heading}: ${shortDetail}` : heading, urgent: event.severity === 'error' || event.severity === 'critical' }
}

export interface AlertMessage {
  title: string
  /** One line per event, oldest first. */
  lines: string[]
  urgent: boolean
}

/** Lines kept in one message; the rest are counted. */
const MAX_LINES = 10

/** Alerts gathered since the last message, as one message. */
export function alertMessage(alerts: Alert[]): AlertMessage {
  const shown = alerts.slice(0, MAX_LINES).map((alert) => alert.line)
  const more = alerts.length - shown.length
  return {
    title: alerts.length === 1 ? `Flowgate: ${alerts[0]!.heading}` : `Flowgate: ${alerts.length} things need you`,
    lines: more > 0 ? [...shown, `… and ${more} more (see Monitoring)`] : shown,
    urgent: alerts.some((alert) => alert.urgent),
  }
}
