import type Database from 'better-sqlite3'
import type { QueueAttempt, QueueItem, QueueItemSummary, QueueStatus } from '../../../shared/schemas/queue'
import type { WebhookKind } from '../../../shared/schemas/webhooks'
import { searchedNumber } from '../../../shared/text'
import type { QueueStatus as QueueRowStatus } from '../db/enums'
import type { DatabaseWriter } from '../db/writer'
import { containsText, whereEquals, type Condition } from '../db/where'
import { inTransaction } from '../db/transaction'
import { webhookLedTo } from './webhook-led-to'

/** What a handler gets: the stored item, payload already parsed. */
export interface ClaimedItem {
  id: number
  workflowId: number | null
  kind: WebhookKind
  payload: unknown
  retryCount: number
  attempts: QueueAttempt[]
}

export type Outcome =
  | { id: number; status: 'completed'; attempts: QueueAttempt[] }
  | { id: number; status: 'queued'; retryCount: number; nextRetryAt: number; error: string; attempts: QueueAttempt[] }
  | { id: number; status: 'failed'; error: string; attempts: QueueAttempt[] }

export interface QueueFilter {
  status?: QueueRowStatus
  workflowId?: number
  kind?: WebhookKind
  search?: string
}

interface Row {
  id: number
  workflow_id: number | null
  kind: WebhookKind
  status: QueueRowStatus
  retry_count: number
  next_retry_at: number | null
  last_error: string | null
  received_at: number
  processed_at: number | null
}

const KEEP_ATTEMPTS = 50
const summaryColumns = 'id, workflow_id, kind, status, retry_count, next_retry_at, last_error, received_at, processed_at'

const toSummary = (row: Row): QueueItemSummary => ({
  id: row.id,
  workflowId: row.workflow_id,
  kind: row.kind,
  status: row.status,
  retryCount: row.retry_count,
  nextRetryAt: row.next_retry_at,
  lastError: row.last_error,
  receivedAt: row.received_at,
  processedAt: row.processed_at,
})

/** Appends to an item's attempt history, keeping the most recent entries. */
export const withAttempt = (attempts: QueueAttempt[], attempt: QueueAttempt): QueueAttempt[] =>
  [...attempts, attempt].slice(-KEEP_ATTEMPTS)

/**
 * What the queue's search finds: text anywhere in the body (case-insensitive), or exactly the
 * sender or the idempotency key (`webhook-id` / `Idempotency-Key`, stored after its scope); a
 * number is also a webhook's own id. Only the body is searched within, so a search stays one
 * quick read of the kept webhooks.
 */
function matching(search: string): Condition {
  const inBody = containsText(['webhook_payload'], search)
  const exactly = `source = ? or (dedupe_key is not null and substr(dedupe_key, instr(dedupe_key, ':') + 1) = ?)`
  const number = searchedNumber(search)
  const byId = number ? { sql: 'id = ? or ', params: [Number(number)] } : { sql: '', params: [] }
  return { sql: `(${byId.sql}${inBody.sql} or ${exactly})`, params: [...byId.params, ...inBody.params, search, search] }
}

/** The rows a queue filter names, for the list, its bulk actions and its export. */
export const queueCondition = (filter: QueueFilter): Condition =>
  whereEquals({ status: filter.status, workflow_id: filter.workflowId, kind: filter.kind }, filter.search ? matching(filter.search) : null)

/** Matches a search collects before it counts the rest apart. */
const SEARCH_IDS = 10_000

const totalOf = (counts: Record<QueueRowStatus, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0)

/** Every SQL statement of the webhook queue, in one place. */
export class QueueStore {
  private readonly statements

  private readonly ledTo

  constructor(
    private readonly sqlite: Database.Database,
    private readonly writer: DatabaseWriter,
  ) {
    this.ledTo = webhookLedTo(sqlite)
    this.statements = {
      recover: sqlite.prepare(
        `update webhook_queue set status = 'queued', updated_at = ?,
           attempts = json_insert(attempts, '$[#]', json_object('at', ?, 'outcome', 'recovered'))
         where status = 'processing'`,
      ),
      nextDue: sqlite.prepare(
        "select coalesce(next_retry_at, 0) from webhook_queue where status = 'queued' order by next_retry_at limit 1",
      ).pluck(),
      counts: sqlite.prepare('select status, n from webhook_queue_counts'),
      // Ids follow arrival, so the lowest queued id is the oldest: one step down the claim index.
      oldestQueued: sqlite.prepare("select received_at from webhook_queue where status = 'queued' order by id limit 1").pluck(),
      nextRetry: sqlite.prepare(
        "select min(next_retry_at) from webhook_queue where status = 'queued' and next_retry_at is not null",
      ).pluck(),
      get: sqlite.prepare(`select ${summaryColumns}, webhook_payload, original_payload, headers, source, attempts from webhook_queue where id = ?`),
    }
  }

  /** Items a crash left half-done go back to the queue; handlers are idempotent. */
  recoverInterrupted(now: number): number {
    return this.statements.recover.run(now, now).changes
  }

  nextDueAt(): number | null {
    return (this.statements.nextDue.get() as number | undefined) ?? null
  }

  /** Marks due items processing and returns them, oldest first (on the writer thread). */
  async claim(now: number, limit: number): Promise<ClaimedItem[]> {
    const rows = await this.writer.call('claim', { now, limit })
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        workflowId: row.workflow_id,
        kind: row.kind as WebhookKind,
        payload: JSON.parse(row.webhook_payload),
        retryCount: row.retry_count,
        attempts: JSON.parse(row.attempts) as QueueAttempt[],
      }))
  }

  /** All outcomes of one batch in one transaction (on the writer thread). */
  async record(outcomes: Outcome[], now: number): Promise<void> {
    await this.writer.call('record', { now, outcomes: outcomes.map((o) => ({ ...o, attempts: JSON.stringify(o.attempts) })) })
  }

  status(now: number): QueueStatus {
    const counts = this.countsByStatus()
    const oldest = (this.statements.oldestQueued.get() as number | undefined) ?? null
    return {
      counts,
      total: totalOf(counts),
      failed: counts.failed,
      oldestQueuedAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
      nextRetryAt: (this.statements.nextRetry.get() as number | null) ?? null,
    }
  }

  list(filter: QueueFilter, page: number, pageSize: number): { items: QueueItemSummary[]; total: number } {
    if (filter.search !== undefined) return this.searched(filter, page, pageSize)
    const where = queueCondition(filter)
    // Counting a status (or everything) is one read of the kept counts, not a scan of the table.
    const total =
      filter.workflowId === undefined && filter.kind === undefined
        ? this.countInStatus(filter.status)
        : (this.sqlite.prepare(`select count(*) from webhook_queue ${where.sql}`).pluck().get(...where.params) as number)
    const rows = this.sqlite
      .prepare(`select ${summaryColumns} from webhook_queue ${where.sql} order by id desc limit ? offset ?`)
      .all(...where.params, pageSize, (page - 1) * pageSize) as Row[]
    return { items: rows.map(toSummary), total }
  }

  /**
   * A search reads the kept bodies once: the first SEARCH_IDS matches give the page and, when
   * there are no more, the count too; only a search matching more than that counts them apart.
   */
  private searched(filter: QueueFilter, page: number, pageSize: number): { items: QueueItemSummary[]; total: number } {
    const where = queueCondition(filter)
    const ids = this.sqlite.prepare(`select id from webhook_queue ${where.sql} order by id desc limit ?`).pluck().all(...where.params, SEARCH_IDS + 1) as number[]
    const total = ids.length <= SEARCH_IDS ? ids.length : (this.sqlite.prepare(`select count(*) from webhook_queue ${where.sql}`).pluck().get(...where.params) as number)
    const from = (page - 1) * pageSize
    const rows =
      from + pageSize <= SEARCH_IDS
        ? (this.sqlite
            .prepare(`select ${summaryColumns} from webhook_queue where id in (select value from json_each(?)) order by id desc`)
            .all(JSON.stringify(ids.slice(from, from + pageSize))) as Row[])
        : (this.sqlite.prepare(`select ${summaryColumns} from webhook_queue ${where.sql} order by id desc limit ? offset ?`).all(...where.params, pageSize, from) as Row[])
    return { items: rows.map(toSummary), total }
  }

  private countsByStatus(): Record<QueueRowStatus, number> {
    const counts = { queued: 0, processing: 0, completed: 0, failed: 0 }
    for (const row of this.statements.counts.all() as { status: QueueRowStatus; n: number }[]) counts[row.status] = row.n
    return counts
  }

  private countInStatus(status: QueueRowStatus | undefined): number {
    const counts = this.countsByStatus()
    return status ? counts[status] : totalOf(counts)
  }

  get(id: number): QueueItem | null {
    const row = this.statements.get.get(id) as
      | (Row & { webhook_payload: string; original_payload: string | null; headers: string | null; source: string | null; attempts: string })
      | undefined
    if (!row) return null
    const summary = toSummary(row)
    const payload: unknown = JSON.parse(row.webhook_payload)
    return {
      ...summary,
      payload,
      original_payload: row.original_payload === null ? null : JSON.parse(row.original_payload),
      headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {},
      source: row.source,
      attempts: JSON.parse(row.attempts) as QueueAttempt[],
      led_to: this.ledTo({ ...summary, payload }),
    }
  }

  idsMatching(filter: QueueFilter): number[] {
    const where = queueCondition(filter)
    return this.sqlite.prepare(`select id from webhook_queue ${where.sql} order by id`).pluck().all(...where.params) as number[]
  }

  statusesOf(ids: number[]): Map<number, QueueRowStatus> {
    const found = new Map<number, QueueRowStatus>()
    const select = this.sqlite.prepare('select id, status from webhook_queue where id = ?')
    for (const id of ids) {
      const row = select.get(id) as { id: number; status: QueueRowStatus } | undefined
      if (row) found.set(row.id, row.status)
    }
    return found
  }

  /** Back to the queue, due now, with a fresh retry budget; history is kept. */
  replay(ids: number[], now: number): number {
    const update = this.sqlite.prepare(
      `update webhook_queue set status = 'queued', retry_count = 0, next_retry_at = null, last_error = null, updated_at = ?,
         attempts = json_insert(attempts, '$[#]', json_object('at', ?, 'outcome', 'replayed'))
       where id = ? and status in ('completed', 'failed')`,
    )
    let changed = 0
    inTransaction(this.sqlite, () => {
      for (const id of ids) changed += update.run(now, now, id).changes
    })
    return changed
  }

  /**
   * Back to the queue with a corrected body (and the kind it now reads as); what n8n sent is
   * kept, once, beside it. The history names what was changed.
   */
  replayChanged(id: number, change: { payload: string; kind: string; changed: string[] }, now: number): boolean {
    const update = this.sqlite.prepare(
      `update webhook_queue set original_payload = coalesce(original_payload, webhook_payload), webhook_payload = ?, kind = ?,
         status = 'queued', retry_count = 0, next_retry_at = null, last_error = null, updated_at = ?,
         attempts = json_insert(attempts, '$[#]', json_object('at', ?, 'outcome', 'replayed', 'changed', json(?)))
       where id = ? and status in ('completed', 'failed')`,
    )
    return update.run(change.payload, change.kind, now, now, JSON.stringify(change.changed), id).changes === 1
  }

  delete(ids: number[]): number {
    const remove = this.sqlite.prepare("delete from webhook_queue where id = ? and status != 'processing'")
    let changed = 0
    inTransaction(this.sqlite, () => {
      for (const id of ids) changed += remove.run(id).changes
    })
    return changed
  }
}
