import type Database from 'better-sqlite3'
import type { z } from 'zod'
import { allOf, containsText, whereEquals, type Condition } from './db/where'
import type { eventFilterSchema, monitoringErrorsInputSchema, monitoringEventSchema, monitoringEventsInputSchema } from '../../shared/schemas/monitoring'

type Event = z.output<typeof monitoringEventSchema>
/** What the event lists are filtered by: workflow, execution, severity, event type, text. */
export type EventFilter = z.output<typeof eventFilterSchema>
type Row = Omit<Event, 'event_data'> & { event_data: string | null }

const toEvent = (row: Row): Event => ({ ...row, event_data: row.event_data === null ? null : JSON.parse(row.event_data) })
const columns = 'id, workflow_id, execution_id, event_type, severity, event_data, timestamp'

/**
 * A text search reads the log in slices of this many events, newest first, yielding to the
 * event loop between them: a word that appears nowhere reads every event, and webhooks must
 * keep being answered meanwhile (a slice is a few milliseconds).
 */
const SEARCH_SLICE = 20_000

const cursorOf = (event: Pick<Event, 'timestamp' | 'id'>) => `${event.timestamp}:${event.id}`
const parseCursor = (cursor: string) => cursor.split(':').map(Number) as [timestamp: number, id: number]

/** Events after `cursor` in the newest-first order (older ones), written so the time index bounds the read. */
function olderThan(cursor: string): Condition {
  const [timestamp, id] = parseCursor(cursor)
  return { sql: 'timestamp <= ? and (timestamp < ? or id < ?)', params: [timestamp, timestamp, id] }
}

/**
 * Events recorded after the one at `cursor`: by id, the order they were written in, so one
 * written late with an earlier time (from a buffer) is not missed.
 */
function newerThan(cursor: string): Condition {
  return { sql: 'id > ?', params: [parseCursor(cursor)[1]] }
}

/** The equality filters and the text search of `filter`, as one condition. */
export function eventCondition(filter: EventFilter, also: Condition | null = null): Condition {
  const search = filter.search ? containsText(['event_type', 'event_data'], filter.search) : null
  const since = filter.since === undefined ? null : { sql: 'timestamp >= ?', params: [filter.since] }
  return whereEquals({ workflow_id: filter.workflow_id, execution_id: filter.execution_id, severity: filter.severity, event_type: filter.event_type }, allOf(also, since, search))
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** Reading the event log: newest first, filtered by what the monitoring screens ask. */
export class MonitoringQueries {
  constructor(private readonly sqlite: Database.Database) {}

  async events(input: z.output<typeof monitoringEventsInputSchema>): Promise<{ items: Event[]; next: string | null; latest: string | null }> {
    // Read first: an event written while the page is read is then asked for again, never missed.
    const newest = this.sqlite.prepare('select timestamp, id from workflow_monitoring order by id desc limit 1').get() as Row | undefined
    const bound = input.before ? olderThan(input.before) : input.after ? newerThan(input.after) : null
    // Without words to find, the indexes lead straight to the page; newer events are few.
    const rows = input.search && !input.after ? await this.searchInSlices(input, bound) : this.read(eventCondition(input, bound), input.limit)
    const last = rows.at(-1)
    return { items: rows.map(toEvent), next: rows.length === input.limit && last ? cursorOf(last) : null, latest: newest ? cursorOf(newest) : null }
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

  private read(where: Condition, limit: number): Row[] {
    return this.sqlite.prepare(`select ${columns} from workflow_monitoring ${where.sql} order by timestamp desc, id desc limit ?`).all(...where.params, limit) as Row[]
  }

  /** The page, read slice by slice from `bound` towards the oldest event until it is full. */
  private async searchInSlices(input: z.output<typeof monitoringEventsInputSchema>, bound: Condition | null): Promise<Row[]> {
    const floorOf = (upper: Condition | null) =>
      this.sqlite
        .prepare(`select timestamp from workflow_monitoring ${upper ? `where ${upper.sql}` : ''} order by timestamp desc limit 1 offset ${SEARCH_SLICE - 1}`)
        .pluck()
        .get(...(upper?.params ?? [])) as number | undefined
    const rows: Row[] = []
    let upper = bound
    for (;;) {
      // The slice holds every event from its floor's time up (ties included), so none is read twice or skipped.
      const floor = floorOf(upper)
      const slice = floor === undefined ? upper : allOf(upper, { sql: 'timestamp >= ?', params: [floor] })
      rows.push(...this.read(eventCondition(input, slice), input.limit - rows.length))
      // Past `since`, older slices hold nothing the filter keeps.
      if (rows.length >= input.limit || floor === undefined || (input.since !== undefined && floor < input.since)) return rows
      upper = { sql: 'timestamp < ?', params: [floor] }
      await nextTurn()
    }
  }
}
