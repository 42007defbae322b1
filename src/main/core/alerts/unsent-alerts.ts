import type Database from 'better-sqlite3'
import type { MonitorEvent } from '../monitor'
import { ALERTED_WARNINGS, APPROVAL_ALERTS } from './alert-rules'

/** Events recorded when a message went out, or was given up on: `data.through` is the last alert it carried. */
export const ALERT_HANDLED_EVENTS = ['alert_sent', 'alert_not_sent'] as const
/** Alerts older than this are news no more after a restart. */
const RECOVER_WITHIN_MS = 24 * 3_600_000
const RECOVER_AT_MOST = 200

export interface HeardAlert {
  event: MonitorEvent
  at: number
}

interface EventRow {
  event_type: string
  severity: MonitorEvent['severity']
  workflow_id: number | null
  execution_id: number | null
  event_data: string | null
  timestamp: number
}

/**
 * Alerts wait in memory (gathered, paced, held through quiet hours) while the events behind
 * them are in the activity log. At start, the events that could be alerts recorded after the
 * last message sent or given up are heard again, so a restart loses none of them. Nothing
 * sent yet: nothing to take up.
 */
export function unsentAlertEvents(sqlite: Database.Database, now: number): HeardAlert[] {
  const handled = sqlite.prepare('select coalesce(json_extract(event_data, \'$.through\'), timestamp) from workflow_monitoring where event_type = ? order by timestamp desc limit 1').pluck()
  const marks = ALERT_HANDLED_EVENTS.map((type) => handled.get(type) as number | undefined).filter((mark) => mark !== undefined)
  if (marks.length === 0) return []
  const since = Math.max(...marks, now - RECOVER_WITHIN_MS)
  const warnings = [...ALERTED_WARNINGS, ...APPROVAL_ALERTS]
  const columns = 'event_type, severity, workflow_id, execution_id, event_data, timestamp'
  // Two halves, each over its own index: errors by severity, the rest by type.
  const rows = sqlite
    .prepare(
      `select * from (
         select ${columns}, id from workflow_monitoring where severity in ('error', 'critical') and timestamp > @since
         union all
         select ${columns}, id from workflow_monitoring where event_type in (${warnings.map(() => '?').join(', ')}) and severity not in ('error', 'critical') and timestamp > @since
       ) order by timestamp desc, id desc limit ${RECOVER_AT_MOST}`,
    )
    .all(...warnings, { since }) as EventRow[]
  return rows.reverse().map((row) => ({
    event: {
      eventType: row.event_type,
      severity: row.severity,
      workflowId: row.workflow_id,
      executionId: row.execution_id,
      data: row.event_data === null ? undefined : (JSON.parse(row.event_data) as unknown),
    },
    at: row.timestamp,
  }))
}
