import type Database from 'better-sqlite3'
import type { OutboxKind } from '../db/enums'
import { inTransaction } from '../db/transaction'
import { DispatchAllowances, exhausted } from './allowances'

export interface OutboxMessage {
  kind: OutboxKind
  targetUrl: string
  body: unknown
  executionId?: number
  approvalId?: number
}

export interface OutboxRow {
  id: number
  kind: OutboxKind
  target_url: string
  body: string
  attempts: number
  execution_id: number | null
  approval_id: number | null
  /** The workflow the call concerns, through its execution or its approval's, so its events name it. */
  workflow_id: number | null
}

/** A call whose workflow holds its calls waits, neither due nor claimed, until the hold is released. */
const notHeld = 'not exists (select 1 from n8n_workflows w where w.id = outbox.workflow_id and w.calls_held)'

/**
 * A dispatch for a workflow that may start nothing more now (see DispatchAllowances) waits,
 * neither due nor claimed — unless the operator sent it anyway: a finished execution wakes the
 * scheduler, and the opening of a send window or of an hourly or daily limit is a due time of its own.
 * The workflows come as a JSON array of ids.
 */
const notExhausted = "(outbox.forced or not (outbox.kind = 'dispatch' and outbox.workflow_id in (select value from json_each(@exhausted))))"

type Candidate = Pick<OutboxRow, 'id' | 'kind' | 'workflow_id'> & { forced: number }

/** Outbound calls as rows: written with the decision, sent (and re-sent) by the dispatcher. */
export class Outbox {
  private readonly s
  readonly allowances: DispatchAllowances

  constructor(private readonly sqlite: Database.Database) {
    this.allowances = new DispatchAllowances(sqlite)
    this.s = {
      add: sqlite.prepare(
        `insert into outbox (kind, target_url, body, execution_id, approval_id, workflow_id, status, next_attempt_at, created_at, updated_at)
         values (@kind, @targetUrl, @body, @executionId, @approvalId,
           coalesce((select workflow_id from workflow_executions where id = @executionId), (select workflow_id from workflow_approvals where id = @approvalId)),
           'pending', @due, @now, @now)`,
      ),
      waiting: sqlite.prepare("select count(*) from outbox where status in ('pending', 'sending')").pluck(),
      nextDue: sqlite.prepare(`select next_attempt_at from outbox where status = 'pending' and ${notHeld} and ${notExhausted} order by next_attempt_at limit 1`).pluck(),
      nextDispatchDue: sqlite
        .prepare(`select min(next_attempt_at) from outbox where workflow_id = ? and kind = 'dispatch' and status = 'pending' and ${notHeld}`)
        .pluck(),
      candidates: sqlite.prepare(
        `select id, kind, workflow_id, forced from outbox
         where status = 'pending' and next_attempt_at <= @now and ${notHeld} and ${notExhausted} order by next_attempt_at, id limit @limit`,
      ),
      take: sqlite.prepare(
        `update outbox set status = 'sending', updated_at = ? where id = ? and status = 'pending'
         returning id, kind, target_url, body, attempts, execution_id, approval_id, workflow_id`,
      ),
      sendNow: sqlite.prepare(
        "update outbox set forced = 1, next_attempt_at = min(next_attempt_at, ?) where execution_id = ? and kind = 'dispatch' and status = 'pending'",
      ),
      reschedule: sqlite.prepare("update outbox set next_attempt_at = ?, forced = 0 where execution_id = ? and kind = 'dispatch' and status = 'pending'"),
      recover: sqlite.prepare("update outbox set status = 'pending', updated_at = ? where status = 'sending'"),
      done: sqlite.prepare("update outbox set status = 'done', attempts = attempts + 1, last_status = ?, last_error = null, updated_at = ? where id = ?"),
      retry: sqlite.prepare(
        "update outbox set status = 'pending', attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, updated_at = ? where id = ?",
      ),
      fail: sqlite.prepare("update outbox set status = 'failed', attempts = attempts + 1, last_status = ?, last_error = ?, updated_at = ? where id = ?"),
    }
  }

  /** Runs `work` as one commit (a savepoint inside one already open): many results, one fsync. */
  together<T>(work: () => T): T {
    return inTransaction(this.sqlite, work)
  }

  /** A call to make at `due`: now, unless scheduled for later. */
  add(message: OutboxMessage, now: number, due = now): number {
    const { kind, targetUrl, executionId = null, approvalId = null } = message
    return Number(this.s.add.run({ kind, targetUrl, body: JSON.stringify(message.body), executionId, approvalId, now, due }).lastInsertRowid)
  }

  /** The earliest call due: one not waiting on a limit, or the first a workflow's send window or hourly or daily limit lets go. */
  nextDueAt(now: number): number | null {
    const allowances = this.allowances.at(now)
    const held = exhausted(allowances)
    const dues = [this.s.nextDue.get({ exhausted: JSON.stringify(held) }) as number | undefined]
    for (const id of held) {
      const { opensAt } = allowances.get(id)!
      const pending = this.s.nextDispatchDue.get(id) as number | null
      if (opensAt !== null && pending !== null) dues.push(Math.max(opensAt, pending))
    }
    const known = dues.filter((due): due is number => due !== undefined)
    return known.length === 0 ? null : Math.min(...known)
  }

  /** Calls not yet sent for good: pending, or being sent now. */
  waiting(): number {
    return this.s.waiting.get() as number
  }

  claim(now: number, limit: number): OutboxRow[] {
    // A claim lost to a power cut only means sending again, as a crash does; so no fsync of its
    // own. pragma() prepares anew each time: SQLite applies the setting when it is prepared.
    this.sqlite.pragma('synchronous = NORMAL')
    try {
      return this.together(() => {
        const allowances = this.allowances.at(now)
        const candidates = this.s.candidates.all({ now, limit, exhausted: JSON.stringify(exhausted(allowances)) }) as Candidate[]
        const left = new Map([...allowances].map(([id, allowance]) => [id, allowance.left]))
        // A workflow with a limit gets as many of its dispatches as it may start now; the rest wait.
        const taken = candidates.filter((candidate) => {
          const room = candidate.kind === 'dispatch' && candidate.workflow_id !== null ? left.get(candidate.workflow_id) : undefined
          if (room === undefined || candidate.forced) return true
          left.set(candidate.workflow_id!, room - 1)
          return room > 0
        })
        return taken.map((candidate) => this.s.take.get(now, candidate.id) as OutboxRow)
      })
    } finally {
      this.sqlite.pragma('synchronous = FULL')
    }
  }

  /** An execution's waiting dispatch goes at the next tick, ahead of its schedule and past its workflow's limits; false when none waits. */
  sendNow(executionId: number, now: number): boolean {
    return this.s.sendNow.run(now, executionId).changes > 0
  }

  /** An execution's waiting dispatch goes at `due` instead (and no longer past its workflow's limits). */
  reschedule(executionId: number, due: number): void {
    this.s.reschedule.run(due, executionId)
  }

  /** Calls a crash left half-sent are sent again: receivers treat repeats as harmless. */
  recoverInterrupted(now: number): number {
    return this.s.recover.run(now).changes
  }

  delivered(id: number, status: number, now: number): void {
    this.s.done.run(status, now, id)
  }

  retryAt(id: number, nextAttemptAt: number, status: number | null, error: string, now: number): void {
    this.s.retry.run(nextAttemptAt, status, error, now, id)
  }

  gaveUp(id: number, status: number | null, error: string, now: number): void {
    this.s.fail.run(status, error, now, id)
  }
}
