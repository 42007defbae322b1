import type Database from 'better-sqlite3'
import type { z } from 'zod'
import { whereEquals } from './db/where'
import type { monitoringErrorsInputSchema, monitoringEventSchema, monitoringEventsInputSchema } from '../../shared/schemas/monitoring'

type Event = z.output<typeof monitoringEventSchema>
/** What the event lists are filtered by: workflow, execution, severity, event type. */
export type EventFilter = Omit<z.output<typeof monitoringEventsInputSchema>, 'limit'>
type Row = Omit<Event, 'event_data'> & { event_data: string | null }

const toEvent = (row: Row): Event => ({ ...row, event_data: row.event_data === null ? null : JSON.parse(row.event_data) })
const columns = 'id, workflow_id, execution_id, event_type, severity, event_data, timestamp'

/** Reading the event log: newest first, filtered by what the monitoring screens ask. */
export class MonitoringQueries {
  constructor(private readonly sqlite: Database.Database) {}

  events(input: z.output<typeof monitoringEventsInputSchema>): { items: Event[] } {
    const where = whereEquals({ workflow_id: input.workflow_id, execution_id: input.execution_id, severity: input.severity, event_type: input.event_type })
    const rows = this.sqlite
      .prepare(`select ${columns} from workflow_monitoring ${where.sql} order by timestamp desc, id desc limit ?`)
      .all(...where.params, input.limit) as Row[]
    return { items: rows.map(toEvent) }
  }

  errors(input: z.output<typeof monitoringErrorsInputSchema>, now: number): { items: Event[] } {
    const rows = this.sqlite
      .prepare(
        `select ${columns} from workflow_monitoring where severity in ('error', 'critical') and timestamp >= ?
         order by timestamp desc, id desc limit ?`,
      )
      .all(now - input.hours * 3_600_000, input.limit) as Row[]
    return { items: rows.map(toEvent) }
  }
}
