import type Database from 'better-sqlite3'
import type { WebhookKind } from '../../../shared/schemas/webhooks'
import type { Clock } from '../clock'

export interface IncomingWebhook {
  workflowId: number | null
  kind: WebhookKind
  /** The validated JSON body, byte for byte as received. */
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
  item: IncomingWebhook
  resolve: (stored: Stored) => void
  reject: (error: unknown) => void
}

export interface GroupCommitOptions {
  /** How long the first request of a group waits for company. */
  windowMs: number
  /** A group this large is written at once. */
  maxBatch: number
}

/**
 * Durable acknowledgement at speed: requests arriving together are written in one
 * transaction (one fsync under synchronous=FULL) and only then answered. A request is
 * never answered before its row is committed.
 */
export class GroupCommitter {
  private waiting: Waiting[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly insert: Database.Statement
  private readonly findByDedupeKey: Database.Statement
  private readonly writeGroup: (items: IncomingWebhook[]) => Stored[]

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock,
    private readonly options: GroupCommitOptions,
    private readonly onCommitted: () => void,
  ) {
    this.insert = sqlite.prepare(
      `insert into webhook_queue (workflow_id, kind, webhook_payload, headers, source, dedupe_key, status, received_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
       on conflict (dedupe_key) do nothing returning id`,
    )
    this.findByDedupeKey = sqlite.prepare('select id from webhook_queue where dedupe_key = ?').pluck()
    this.writeGroup = sqlite.transaction((items: IncomingWebhook[]) => items.map((item) => this.writeOne(item)))
  }

  enqueue(item: IncomingWebhook): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject })
      if (this.waiting.length >= this.options.maxBatch) this.flush()
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs)
    })
  }

  /** Writes whatever waits now; used by the timer, a full group, and shutdown. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const group = this.waiting
    this.waiting = []
    if (group.length === 0) return
    try {
      const stored = this.writeGroup(group.map((w) => w.item))
      group.forEach((w, i) => w.resolve(stored[i]!))
    } catch {
      // One bad row must not fail its neighbours: write them one by one.
      for (const w of group) {
        try {
          w.resolve(this.writeGroup([w.item])[0]!)
        } catch (error) {
          w.reject(error)
        }
      }
    }
    this.onCommitted()
  }

  get pending(): number {
    return this.waiting.length
  }

  private writeOne(item: IncomingWebhook): Stored {
    const now = this.clock.now()
    const inserted = this.insert.get(
      item.workflowId,
      item.kind,
      item.payload,
      JSON.stringify(item.headers),
      item.source,
      item.dedupeKey,
      now,
      now,
      now,
    ) as { id: number } | undefined
    if (inserted) return { id: inserted.id, duplicate: false }
    return { id: this.findByDedupeKey.get(item.dedupeKey) as number, duplicate: true }
  }
}
