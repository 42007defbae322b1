import type Database from 'better-sqlite3'
import type { WorkflowLimit } from '../../../shared/schemas/workflows'
import { dispatchStarted } from '../db/schema'
import { isOpen, nextOpening, type SendWindow } from '../../../shared/send-window'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** What a workflow with a limit may still start in n8n now. */
export interface Allowance {
  /** Dispatches it may send now; 0 or less means none. */
  left: number
  /** What holds it when it may send none: its send window closed, as many running as it allows, or as many started within the hour. */
  heldBy: WorkflowLimit | null
  /** When its send window opens or its hourly or daily limit lets one more start; null while a running execution must finish first. */
  opensAt: number | null
}

interface LimitedRow {
  id: number
  max_running: number | null
  max_per_hour: number | null
  max_per_day: number | null
  /** JSON, as stored. */
  send_window: string | null
  /** Executions running in n8n, and dispatches being sent, which will be. */
  busy: number
  /** Dispatches sent (or being sent) within the last hour, and the last 24 hours. */
  started_hour: number
  started_day: number
}

/** A rolling quota: at most `limit` starts within any `spanMs`. */
interface Quota {
  heldBy: 'hourly' | 'daily'
  limit: number | null
  started: number
  spanMs: number
}

/**
 * An outbox row `o` that is a dispatch due now and waiting on its workflow's limits (not sent anyway
 * by the operator). One scheduled for later, or in its backoff after a failed call, waits for its
 * time first. `now` is the SQL parameter for the moment.
 */
export const limitedDispatch = (now: '@now' | '?') => `o.status = 'pending' and o.kind = 'dispatch' and not o.forced and o.next_attempt_at <= ${now}`

/** The workflows, among those allowances, that may start nothing now. */
export const exhausted = (allowances: Map<number, Allowance>): number[] =>
  [...allowances].filter(([, allowance]) => allowance.left <= 0).map(([id]) => id)

/** A dispatch counts as a start from the moment it is claimed for sending (see dispatchStarted). */
const startedSince = (since: string) => `(select count(*) from outbox s where s.workflow_id = w.id and ${dispatchStarted} and s.updated_at > ${since})`

/**
 * The limits a workflow may set on what it starts in n8n — only within its send window, at most
 * so many running at once, at most so many started within any hour and within any 24 hours —
 * turned into how many more may go now. Only workflows with a limit are read, each from an index.
 */
export class DispatchAllowances {
  private readonly s

  constructor(sqlite: Database.Database) {
    this.s = {
      limited: sqlite.prepare(
        `select w.id, w.max_running, w.max_per_hour, w.max_per_day, w.send_window,
           (select count(*) from workflow_executions e where e.workflow_id = w.id and e.status = 'running')
             + (select count(*) from outbox s where s.workflow_id = w.id and s.kind = 'dispatch' and s.status = 'sending') as busy,
           case when w.max_per_hour is null then 0 else ${startedSince('@hourAgo')} end as started_hour,
           case when w.max_per_day is null then 0 else ${startedSince('@dayAgo')} end as started_day
         from n8n_workflows w
         where w.max_running is not null or w.max_per_hour is not null or w.max_per_day is not null or w.send_window is not null`,
      ),
      nthLatestStart: sqlite
        .prepare(
          `select updated_at from outbox s where s.workflow_id = ? and ${dispatchStarted} order by s.updated_at desc limit 1 offset ?`,
        )
        .pluck(),
    }
  }

  /** Every workflow with a limit, by id. */
  at(now: number): Map<number, Allowance> {
    const rows = this.s.limited.all({ hourAgo: now - HOUR_MS, dayAgo: now - DAY_MS }) as LimitedRow[]
    return new Map(rows.map((row) => [row.id, this.allowance(row, now)]))
  }

  private allowance(row: LimitedRow, now: number): Allowance {
    const window = row.send_window === null ? null : (JSON.parse(row.send_window) as SendWindow)
    if (window && !isOpen(window, now)) return { left: 0, heldBy: 'window', opensAt: nextOpening(window, now) }
    const running = row.max_running === null ? Infinity : row.max_running - row.busy
    const quotas: Quota[] = [
      { heldBy: 'hourly', limit: row.max_per_hour, started: row.started_hour, spanMs: HOUR_MS },
      { heldBy: 'daily', limit: row.max_per_day, started: row.started_day, spanMs: DAY_MS },
    ]
    const left = Math.min(running, ...quotas.map((quota) => (quota.limit === null ? Infinity : quota.limit - quota.started)))
    if (left > 0) return { left, heldBy: null, opensAt: null }
    // A finished execution frees a running slot (and wakes the scheduler); a quota's starts age out on their own.
    if (running <= 0) return { left, heldBy: 'running', opensAt: null }
    // Each spent quota lets one more start once its limit-th latest start is as old as its span; the later of them holds.
    const openings = quotas
      .filter((quota) => quota.limit !== null && quota.limit - quota.started <= 0)
      .map((quota) => ({ heldBy: quota.heldBy, opensAt: (this.s.nthLatestStart.get(row.id, quota.limit! - 1) as number) + quota.spanMs }))
    const latest = openings.reduce((a, b) => (b.opensAt > a.opensAt ? b : a))
    return { left, ...latest }
  }
}
