import { modelUsageSaid } from '../../../shared/ai-spend'
import type { AiUsage } from '../../../shared/schemas/approvals'
import type { Dashboard } from '../../../shared/schemas/monitoring'
import { plural } from '../../../shared/text'
import type { Clock } from '../clock'
import type { Logger } from '../logger'
import type { MonitorEvent } from '../monitor'
import type { ScheduledTask } from '../scheduler'
import type { AlertMessage } from './alert-rules'

/** What a summary is made of, read when it is due. */
export interface SummaryInputs {
  dashboard: Dashboard
  ai: AiUsage
  /** Parts of Flowgate unwell now, as said ("Disk: 0.8 GiB free"). */
  unwell: string[]
}

/**
 * When the next summary is due: at `hour` (local time) on the first day none was sent for since
 * `since` (the last one sent, or when summaries began). One missed while Flowgate was not running
 * goes as soon as it runs again.
 */
export function nextSummaryAt(now: number, hour: number, since: number): number {
  const at = (day: number) => {
    const date = new Date(now)
    date.setDate(date.getDate() + day)
    return date.setHours(hour, 0, 0, 0)
  }
  const dueToday = at(0)
  return since >= dueToday ? at(1) : dueToday
}

const names = (workflows: { workflow_name: string }[]) => workflows.map((w) => `"${w.workflow_name}"`).join(', ')

/** The day in a few lines: what is unwell now, what ran and failed, what went wrong most, what waits, what the model cost. */
export function summaryMessage({ dashboard, ai, unwell }: SummaryInputs): AlertMessage {
  const runs = dashboard.executions_per_hour.reduce((sum, bucket) => sum + Object.values(bucket.counts).reduce((a, b) => a + b, 0), 0)
  const failed = dashboard.executions_per_hour.reduce((sum, bucket) => sum + (bucket.counts.failed ?? 0), 0)
  const failedWebhooks = dashboard.failed_webhooks.reduce((sum, group) => sum + group.count, 0)
  const [mostFailed] = dashboard.error_groups
  const lines = [
    unwell.length ? `Needs a look: ${unwell.join('; ')}` : null,
    `Executions: ${runs}${failed ? ` (${failed} failed)` : ''}`,
    mostFailed ? `Failed most with: ${mostFailed.count}× ${mostFailed.pattern}` : null,
    dashboard.failing_workflows.length ? `Keep failing: ${names(dashboard.failing_workflows)}` : null,
    dashboard.held_workflows.length ? `Calls to n8n held for: ${names(dashboard.held_workflows)}` : null,
    dashboard.quiet_workflows.length ? `Quieter than expected: ${names(dashboard.quiet_workflows)}` : null,
    dashboard.slow_workflows.length ? `Slower than usual: ${names(dashboard.slow_workflows)}` : null,
    dashboard.pending_approvals
      ? `Waiting for you: ${plural(dashboard.pending_approvals, 'approval')}${dashboard.approvals_expiring_soon ? ` (${dashboard.approvals_expiring_soon} expire within the hour)` : ''}`
      : null,
    failedWebhooks ? `Webhooks failed for good: ${failedWebhooks}` : null,
    ai.today.calls ? `AI today: ${modelUsageSaid(ai.today)}` : null,
  ].filter((line): line is string => line !== null)
  const urgent = unwell.length > 0 || failed > 0 || failedWebhooks > 0 || dashboard.failing_workflows.length > 0
  return { title: 'Flowgate: the last 24 hours', lines, urgent }
}

export interface DailySummaryDeps {
  /** FLOWGATE_ALERT_DAILY_SUMMARY_HOUR; undefined: no summary. */
  hour: () => number | undefined
  /** Whether alerts have somewhere to go. */
  enabled: () => boolean
  clock: Clock
  read: () => Promise<SummaryInputs>
  /** Posts a message where alerts go: null when it arrived, else why not. */
  post: (message: AlertMessage) => Promise<string | null>
  /** When the last summary was sent, from the activity log (so a restart does not send it twice). */
  lastSentAt: () => number | null
  record: (event: MonitorEvent) => void
  log: Logger
}

/** A short report of the last 24 hours once a day, where alerts go. */
export class DailySummary implements ScheduledTask {
  readonly name = 'daily-summary'
  /** The last summary sent, or when summaries began here (the first waits for the hour); undefined until read. */
  private since: number | undefined
  private sending: Promise<void> | null = null

  constructor(private readonly deps: DailySummaryDeps) {}

  nextDueAt(): number | null {
    const hour = this.deps.hour()
    if (hour === undefined || !this.deps.enabled() || this.sending) return null
    this.since ??= this.deps.lastSentAt() ?? this.deps.clock.now()
    return nextSummaryAt(this.deps.clock.now(), hour, this.since)
  }

  async run(now: number): Promise<void> {
    const due = this.nextDueAt()
    if (due === null || due > now) return
    // Counted as sent for today from now on: a failure is said once, never retried into a flood.
    this.since = now
    this.sending = this.send()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'the daily summary could not be made'))
      .finally(() => (this.sending = null))
  }

  /** Resolves once the summary on its way (if any) has been answered (stop, tests). */
  async idle(): Promise<void> {
    await this.sending
  }

  private async send(): Promise<void> {
    const problem = await this.deps.post(summaryMessage(await this.deps.read()))
    if (problem === null) this.deps.record({ eventType: 'daily_summary_sent', severity: 'info' })
    else this.deps.record({ eventType: 'alert_not_sent', severity: 'warning', data: { error: problem, summary: true } })
  }
}
