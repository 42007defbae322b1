/**
 * The body of the database writer thread, sent as source text (see thread-source.ts).
 *
 * Every hot write goes through here, in the order sent, so writes never wait on each other's
 * locks and the main thread never waits on the disk. Intake commits use
 * synchronous=FULL (a 2xx follows only a durable commit); bookkeeping uses NORMAL, whose
 * writes the next FULL commit makes durable too.
 */
export function writerThreadMain(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads')
  const Database = require(workerData.modulePath)
  /* eslint-enable @typescript-eslint/no-require-imports */
  const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`)
  const MAX_INTAKE_ROWS = 2048
  // SQLite applies this pragma when the statement is prepared, not when a prepared copy runs
  // (its first run is a no-op), so every switch prepares it anew.
  let durableNow: boolean | null = null
  const durable = (full: boolean) => {
    if (durableNow !== full) db.pragma(full ? 'synchronous = FULL' : 'synchronous = NORMAL')
    durableNow = full
  }

  const columns = 'insert into webhook_queue (workflow_id, kind, webhook_payload, headers, source, dedupe_key, status, received_at, created_at, updated_at) values'
  // The conflict target repeats the partial unique index's condition, as SQLite requires.
  const insertKeyed = db.prepare(
    `${columns} (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) on conflict (dedupe_key) where dedupe_key is not null do nothing returning id`,
  )
  const existing = db.prepare('select id from webhook_queue where dedupe_key = ?').pluck()
  const insertKeyedRow = (row: unknown[]) => {
    const [workflowId, kind, payload, headers, source, dedupeKey, now] = row
    const inserted = insertKeyed.get(workflowId, kind, payload, headers, source, dedupeKey, now, now, now)
    return inserted ? { ok: true, id: inserted.id, duplicate: false } : { ok: true, id: existing.get(dedupeKey), duplicate: true }
  }
  // Rows without a dedupe key go in many at a time: one statement for up to 64 rows costs the
  // writer ~a quarter less per row than a statement each. A run is cut into these sizes, largest
  // first, so four prepared statements serve every length (one per length held ~2 MB more).
  const INSERT_SIZES = [64, 16, 4, 1]
  const MAX_ROWS_PER_INSERT = INSERT_SIZES[0]!
  const insertsOfSize = new Map(
    INSERT_SIZES.map((size) => [size, db.prepare(`${columns} ${Array(size).fill("(?, ?, ?, ?, ?, null, 'queued', ?, ?, ?)").join(', ')} returning id`).pluck()]),
  )
  const insertChunk = (rows: unknown[][]) => {
    const args: unknown[] = []
    for (const [workflowId, kind, payload, headers, source, , now] of rows) args.push(workflowId, kind, payload, headers, source, now, now, now)
    // Ids are handed out in the order of the values, so ascending ids follow the rows.
    const ids: number[] = insertsOfSize.get(rows.length).all(...args).sort((a: number, b: number) => a - b)
    return ids.map((id) => ({ ok: true, id, duplicate: false }))
  }
  const insertPlainRows = (rows: unknown[][]) => {
    const results: unknown[] = []
    let start = 0
    for (const size of INSERT_SIZES) {
      for (; rows.length - start >= size; start += size) results.push(...insertChunk(rows.slice(start, start + size)))
    }
    return results
  }
  /** In arrival order: runs of rows without a dedupe key together, each keyed row alone. */
  const insertRows = (rows: unknown[][]) => {
    const results: unknown[] = []
    let run: unknown[][] = []
    const flushRun = () => {
      if (run.length > 0) results.push(...insertPlainRows(run))
      run = []
    }
    for (const row of rows) {
      if (row[5] === null) {
        run.push(row)
        if (run.length === MAX_ROWS_PER_INSERT) flushRun()
      } else {
        flushRun()
        results.push(insertKeyedRow(row))
      }
    }
    flushRun()
    return results
  }
  const insertAll = db.transaction(insertRows)
  const intake = (rows: unknown[][]) => {
    durable(true)
    try {
      return insertAll(rows)
    } catch {
      // One bad row must not fail its neighbours: write them one by one.
      return rows.map((row) => {
        try {
          return insertAll([row])[0]
        } catch (error) {
          return { ok: false, error: (error as Error).message }
        }
      })
    }
  }

  const claimStatement = db.prepare(workerData.claimSql)
  const complete = db.prepare(
    "update webhook_queue set status = 'completed', processed_at = ?, updated_at = ?, next_retry_at = null, attempts = ? where id = ?",
  )
  const retry = db.prepare(
    "update webhook_queue set status = 'queued', retry_count = ?, next_retry_at = ?, last_error = ?, attempts = ?, updated_at = ? where id = ?",
  )
  const fail = db.prepare(
    "update webhook_queue set status = 'failed', processed_at = ?, next_retry_at = null, last_error = ?, attempts = ?, updated_at = ? where id = ?",
  )
  const recordAll = db.transaction((now: number, outcomes: { id: number; status: string; attempts: string; retryCount?: number; nextRetryAt?: number; error?: string }[]) => {
    for (const o of outcomes) {
      if (o.status === 'completed') complete.run(now, now, o.attempts, o.id)
      else if (o.status === 'queued') retry.run(o.retryCount, o.nextRetryAt, o.error, o.attempts, now, o.id)
      else fail.run(now, o.error, o.attempts, now, o.id)
    }
  })
  const event = db.prepare(
    'insert into workflow_monitoring (workflow_id, execution_id, event_type, severity, event_data, timestamp) values (?, ?, ?, ?, ?, ?)',
  )
  const eventsAll = db.transaction((rows: unknown[][]) => {
    for (const row of rows) event.run(...row)
  })

  const operations: Record<string, (args: never) => unknown> = {
    intake: (rows: unknown[][]) => intake(rows),
    claim: ({ now, limit }: { now: number; limit: number }) => (durable(false), claimStatement.all(now, now, limit)),
    record: ({ now, outcomes }: { now: number; outcomes: never[] }) => (durable(false), recordAll(now, outcomes), null),
    events: (rows: unknown[][]) => (durable(false), eventsAll(rows), null),
  }

  type Message = { id: number; op: string; args: never } | 'close'
  const isIntake = (message: Message): message is { id: number; op: 'intake'; args: never } => message !== 'close' && message.op === 'intake'

  /**
   * Intake messages that queued up while the last commit ran are committed together: one
   * transaction and one fsync for all of them, each message answered with its own rows.
   */
  const commitQueuedIntake = (first: { id: number; args: unknown[][] }): Message | undefined => {
    const batch = [first]
    let rows = first.args.length
    let next: Message | undefined
    while (rows < MAX_INTAKE_ROWS) {
      next = receiveMessageOnPort(parentPort)?.message
      if (next === undefined || !isIntake(next)) break
      batch.push(next)
      rows += (next.args as unknown[]).length
      next = undefined
    }
    const results = intake(batch.flatMap((message) => message.args))
    let offset = 0
    for (const message of batch) {
      parentPort.postMessage({ id: message.id, result: results.slice(offset, offset + message.args.length) })
      offset += message.args.length
    }
    return next
  }

  const handle = (message: Message | undefined): void => {
    if (message === undefined) return
    if (message === 'close') {
      db.close()
      parentPort.close()
      return
    }
    try {
      if (isIntake(message)) return handle(commitQueuedIntake(message))
      parentPort.postMessage({ id: message.id, result: operations[message.op]!(message.args) })
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: (error as Error).message })
    }
  }
  parentPort.on('message', handle)
}
