import type Database from 'better-sqlite3'
import { parseQuietHours } from '../../../shared/quiet-hours'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { Logger } from '../logger'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import type { Scheduler } from '../scheduler'
import { AlertForwarder } from './alert-forwarder'
import { DailySummary, type SummaryInputs } from './daily-summary'
import { unsentAlertEvents } from './unsent-alerts'

export interface AlertDeps {
  sqlite: Database.Database
  monitor: Monitor
  push: PushBus
  scheduler: Scheduler
  config: () => Config
  clock: Clock
  log: Logger
  /** The dashboard and the model's usage, for the daily summary. */
  summaryInputs: () => Promise<SummaryInputs>
}

export interface Alerts {
  forwarder: AlertForwarder
  summary: DailySummary
}

/**
 * Alerts for every event the monitor records, and a daily summary, to the address in the
 * settings (none: nothing is sent); both scheduled on the core's one scheduler.
 */
export function forwardAlerts(deps: AlertDeps): Alerts {
  const workflowName = deps.sqlite.prepare('select workflow_name from n8n_workflows where id = ?').pluck()
  const workflowMuted = deps.sqlite.prepare('select alerts_muted from n8n_workflows where id = ?').pluck()
  const approvalPending = deps.sqlite.prepare("select 1 from workflow_approvals where id = ? and status = 'pending'").pluck()
  const lastOfType = deps.sqlite.prepare('select max(timestamp) from workflow_monitoring where event_type = ?').pluck()
  const lastAt = (eventType: string) => (lastOfType.get(eventType) as number | null) ?? null
  const record = (event: Parameters<Monitor['record']>[0]) => deps.monitor.record(event)
  const forwarder = new AlertForwarder({
    target: () => ({ url: deps.config().FLOWGATE_ALERT_URL, format: deps.config().FLOWGATE_ALERT_FORMAT, approvals: deps.config().FLOWGATE_ALERT_APPROVALS }),
    quietHours: () => {
      const hours = deps.config().FLOWGATE_ALERT_QUIET_HOURS
      return hours ? parseQuietHours(hours) : null
    },
    clock: deps.clock,
    workflowName: (id) => (workflowName.get(id) as string | undefined) ?? null,
    workflowMuted: (id) => workflowMuted.get(id) === 1,
    approvalPending: (id) => approvalPending.get(id) !== undefined,
    sentBefore: lastAt('alert_sent'),
    wake: () => deps.scheduler.wake(),
    record,
    changed: () => deps.push.emit('health.changed', { status: 'alerts' }),
    log: deps.log,
  })
  const summary = new DailySummary({
    hour: () => deps.config().FLOWGATE_ALERT_DAILY_SUMMARY_HOUR,
    enabled: () => Boolean(deps.config().FLOWGATE_ALERT_URL),
    clock: deps.clock,
    read: deps.summaryInputs,
    post: (message) => forwarder.deliver(message),
    lastSentAt: () => lastAt('daily_summary_sent'),
    record,
    log: deps.log,
  })
  // Without an address nothing would be kept: the activity log is not read at start for nothing.
  if (deps.config().FLOWGATE_ALERT_URL) for (const { event, at } of unsentAlertEvents(deps.sqlite, deps.clock.now())) forwarder.hear(event, at)
  deps.monitor.listen((event) => forwarder.hear(event))
  deps.scheduler.add(forwarder, summary)
  return { forwarder, summary }
}
