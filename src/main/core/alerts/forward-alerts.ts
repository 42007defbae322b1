import type Database from 'better-sqlite3'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { Logger } from '../logger'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import { AlertForwarder } from './alert-forwarder'

/** Alerts for every event the monitor records, to the address in the settings (none: nothing is sent). */
export function forwardAlerts(deps: { sqlite: Database.Database; monitor: Monitor; push: PushBus; config: () => Config; clock: Clock; wake: () => void; log: Logger }): AlertForwarder {
  const workflowName = deps.sqlite.prepare('select workflow_name from n8n_workflows where id = ?').pluck()
  const forwarder = new AlertForwarder({
    target: () => ({ url: deps.config().FLOWGATE_ALERT_URL, format: deps.config().FLOWGATE_ALERT_FORMAT }),
    clock: deps.clock,
    workflowName: (id) => (workflowName.get(id) as string | undefined) ?? null,
    wake: deps.wake,
    record: (event) => deps.monitor.record(event),
    changed: () => deps.push.emit('health.changed', { status: 'alerts' }),
    log: deps.log,
  })
  deps.monitor.listen((event) => forwarder.hear(event))
  return forwarder
}
