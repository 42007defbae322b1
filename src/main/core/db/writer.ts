import { Worker } from 'node:worker_threads'
import type { Logger } from '../logger'
import { CLAIM_DUE_ITEMS_SQL } from '../queue/claim-sql'
import { threadSource } from './thread-source'
import { writerThreadMain } from './writer-thread'

export interface WriterOptions {
  file: string
  nativeBinding?: string
  busyTimeoutMs: number
  /** The SQLite driver the thread loads: better-sqlite3 unless a test wraps it to watch. */
  driverPath?: string
}

/** The operations the writer thread knows, with their arguments and answers. */
export interface WriterOperations {
  intake: { args: unknown[][]; result: ({ ok: true; id: number; duplicate: boolean } | { ok: false; error: string })[] }
  claim: { args: { now: number; limit: number }; result: ClaimedRow[] }
  record: { args: { now: number; outcomes: unknown[] }; result: null }
  events: { args: unknown[][]; result: null }
}

export interface ClaimedRow {
  id: number
  workflow_id: number | null
  kind: string
  webhook_payload: string
  retry_count: number
  attempts: string
}

interface Pending {
  sentAt: number
  resolve: (value: never) => void
  reject: (error: Error) => void
}

const RESPAWN_MIN_MS = 100
const RESPAWN_MAX_MS = 30_000

/**
 * A second SQLite connection on its own thread, doing the hot writes in order. Calls are
 * promises; if the thread dies, pending calls fail and it restarts with a growing delay.
 */
export class DatabaseWriter {
  private worker: Worker
  private pending = new Map<number, Pending>()
  private quietWaiters: (() => void)[] = []
  private nextId = 0
  private respawnDelayMs = RESPAWN_MIN_MS
  private available = true
  private closed = false

  constructor(
    private readonly options: WriterOptions,
    private readonly log: Logger,
  ) {
    this.worker = this.spawn()
  }

  call<Op extends keyof WriterOperations>(op: Op, args: WriterOperations[Op]['args']): Promise<WriterOperations[Op]['result']> {
    if (this.closed) return Promise.reject(new Error('the database writer is closed'))
    if (!this.available) return Promise.reject(new Error('the database writer is restarting'))
    const id = ++this.nextId
    return new Promise((resolve, reject) => {
      this.pending.set(id, { sentAt: Date.now(), resolve: resolve as (value: never) => void, reject })
      this.worker.postMessage({ id, op, args })
    })
  }

  /**
   * Resolves when no call is pending, so the thread holds no write lock and a transaction on
   * another connection starts without waiting for it; or after `maxWaitMs`, whichever is first.
   */
  quiet(maxWaitMs: number): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(done, maxWaitMs)
      this.quietWaiters.push(done)
    })
  }

  /** How long the oldest unanswered call has waited, in ms: high when another connection holds the lock. */
  oldestPendingMs(now = Date.now()): number {
    const oldest = this.pending.values().next().value
    return oldest ? now - oldest.sentAt : 0
  }

  /** Waits for calls already made, then ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve())
      this.worker.postMessage('close')
    })
  }

  private spawn(): Worker {
    const worker = new Worker(threadSource(writerThreadMain), {
      eval: true,
      workerData: { ...this.options, modulePath: this.options.driverPath ?? require.resolve('better-sqlite3'), claimSql: CLAIM_DUE_ITEMS_SQL },
      // The thread only passes rows to SQLite: a small young generation keeps its memory low.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    })
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      this.respawnDelayMs = RESPAWN_MIN_MS
      const call = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (message.error !== undefined) call?.reject(new Error(message.error))
      else call?.resolve(message.result as never)
      if (this.pending.size === 0) this.notifyQuiet()
    })
    worker.on('error', (error) => this.restart(error))
    return worker
  }

  private restart(error: Error): void {
    this.available = false
    this.log.error({ err: error, retryInMs: this.respawnDelayMs }, 'database writer thread failed; restarting it')
    for (const call of this.pending.values()) call.reject(error)
    this.pending.clear()
    this.notifyQuiet()
    setTimeout(() => {
      if (this.closed) return
      this.worker = this.spawn()
      this.available = true
    }, this.respawnDelayMs)
    this.respawnDelayMs = Math.min(this.respawnDelayMs * 2, RESPAWN_MAX_MS)
  }

  private notifyQuiet(): void {
    const waiters = this.quietWaiters
    this.quietWaiters = []
    waiters.forEach((done) => done())
  }
}
