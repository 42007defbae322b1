import type { WebhookKind } from '../../../shared/schemas/webhooks'
import type { Clock } from '../clock'
import type { DatabaseWriter } from '../db/writer'

export interface IncomingWebhook {
  workflowId: number | null
  kind: WebhookKind
  /** The validated JSON body as text. */
  payload: string
  headers: Record<string, string>
  source: string
  dedupeKey: string | null
}

export interface Stored {
  id: number
  duplicate: boolean
}

interface Waiting {
  row: unknown[]
  resolve: (stored: Stored) => void
  reject: (error: Error) => void
}

/** Webhooks refused because they could not be stored: since when, and the latest reason. */
export interface StorageTrouble {
  since: number
  error: string
}

export interface GroupCommitOptions {
  /** A group this large is sent at once; more waits for the next commit. */
  maxBatch: number
  /** Groups sent before the first is answered; the writer commits those that queue up together. */
  maxInFlight: number
}

/**
 * Durable acknowledgement at speed. Requests read in one turn of the event loop go to the
 * writer thread as one group; the writer commits every group that queued up while its last
 * commit ran in one transaction (one fsync under synchronous=FULL), and only then are they
 * answered. The commit size follows the load and the event loop never waits for the disk.
 */
export class GroupCommitter {
  private waiting: Waiting[] = []
  private inFlight = 0
  private scheduled = false
  private idleWaiters: (() => void)[] = []
  private trouble: StorageTrouble | null = null

  constructor(
    private readonly writer: DatabaseWriter,
    private readonly clock: Clock,
    private readonly options: GroupCommitOptions,
    private readonly onCommitted: () => void,
    /** Webhooks began or ceased to be refused for want of storage. */
    private readonly onTroubleChanged: () => void = () => undefined,
  ) {}

  enqueue(item: IncomingWebhook): Promise<Stored> {
    const row = [item.workflowId, item.kind, item.payload, JSON.stringify(item.headers), item.source, item.dedupeKey, this.clock.now()]
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject })
      // Send at the end of this turn of the event loop, so requests read together go together.
      if (!this.scheduled && this.inFlight < this.options.maxInFlight) {
        this.scheduled = true
        setImmediate(() => this.sendWaiting())
      }
    })
  }

  /** Resolves once everything enqueued so far is committed and answered. */
  drain(): Promise<void> {
    if (!this.busy) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Set from a commit that could not store a webhook until one stores them all again. */
  storageTrouble(): StorageTrouble | null {
    return this.trouble
  }

  /** True while a group is being committed or requests wait for one. */
  get busy(): boolean {
    return this.inFlight > 0 || this.waiting.length > 0
  }

  private sendWaiting(): void {
    this.scheduled = false
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.slice(0, this.options.maxBatch)
      this.waiting = this.waiting.slice(group.length)
      void this.commit(group)
    }
    if (!this.busy) this.notifyIdle()
  }

  private async commit(group: Waiting[]): Promise<void> {
    this.inFlight += 1
    try {
      const results = await this.writer.call(
        'intake',
        group.map((w) => w.row),
      )
      let refused: string | null = null
      for (const [i, waiting] of group.entries()) {
        const result = results[i]
        if (result?.ok) {
          waiting.resolve({ id: result.id, duplicate: result.duplicate })
        } else {
          refused = result ? result.error : 'not written'
          waiting.reject(new Error(refused))
        }
      }
      this.learn(refused)
      this.onCommitted()
    } catch (error) {
      this.learn((error as Error).message)
      for (const waiting of group) waiting.reject(error as Error)
    } finally {
      this.inFlight -= 1
    }
    this.sendWaiting()
  }

  private learn(refused: string | null): void {
    const before = this.trouble
    this.trouble = refused === null ? null : { since: before?.since ?? this.clock.now(), error: refused }
    if ((before === null) !== (this.trouble === null)) this.onTroubleChanged()
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    waiters.forEach((resolve) => resolve())
  }
}
