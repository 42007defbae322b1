import type { z } from 'zod'
import { FlowgateError } from '../../../shared/errors'
import type {
  QueueItem,
  QueueList,
  QueueStatus,
  queueListInputSchema,
  queueReplayManyInputSchema,
} from '../../../shared/schemas/queue'
import { dataChanges } from '../../../shared/data-changes'
import { APPROVED_DATA_MAX_CHARS } from '../../../shared/schemas/approvals'
import type { Clock } from '../clock'
import { classifyWebhook } from '../intake/classify'
import { parseWebhookBody } from '../intake/parse-body'
import type { PushBus } from '../push'
import type { QueueStore } from './queue-store'

type ListInput = z.output<typeof queueListInputSchema>
type ReplayManyInput = z.output<typeof queueReplayManyInputSchema>

export interface QueueChange {
  affected: number
  ids: number[]
}

/** The operator's view of the queue: status, browse, replay, delete. */
export class QueueService {
  constructor(
    private readonly store: QueueStore,
    private readonly clock: Clock,
    private readonly push: PushBus,
    private readonly wakeWorker: () => void,
  ) {}

  status(): QueueStatus {
    return this.store.status(this.clock.now())
  }

  list(input: ListInput): QueueList {
    const { page, page_size, ...filter } = input
    return { ...this.store.list(filter, page, page_size), page, page_size }
  }

  get(id: number): QueueItem {
    const item = this.store.get(id)
    if (!item) throw new FlowgateError('not_found', `Queue item ${id} does not exist`)
    return item
  }

  /** Back to the queue; with `payload`, handled as that body instead: a correction of what n8n sent. */
  replay(id: number, payload?: Record<string, unknown>): QueueItem {
    const current = this.get(id)
    if (current.status === 'queued' || current.status === 'processing') {
      throw new FlowgateError('conflict', `Queue item ${id} is ${current.status} already; only completed or failed items can be replayed`)
    }
    const changed = payload === undefined ? [] : dataChanges(current.payload, payload).map((change) => change.path)
    if (changed.length === 0) this.applyReplay([id])
    else this.replayCorrected(current, payload!, changed)
    return this.get(id)
  }

  replayMany(input: ReplayManyInput): QueueChange {
    return this.applyReplay(this.finishedAmong(input))
  }

  /**
   * Clears many at once (a flood of junk that failed, say). Only finished items go: a queued
   * one is an acknowledged webhook still to be handled, and one being processed is busy.
   */
  deleteMany(input: ReplayManyInput): QueueChange {
    const ids = this.finishedAmong(input)
    const affected = ids.length ? this.store.delete(ids) : 0
    if (affected) this.push.emit('queue.changed', { reason: 'deleted' })
    return { affected, ids }
  }

  /** The completed or failed items among those named (all must exist) or matched. */
  private finishedAmong(input: ReplayManyInput): number[] {
    const ids = 'ids' in input ? input.ids : this.store.idsMatching(input.filter)
    const statuses = this.store.statusesOf(ids)
    const missing = ids.filter((id) => !statuses.has(id))
    if (missing.length > 0) throw new FlowgateError('not_found', `Queue items do not exist: ${missing.slice(0, 20).join(', ')}`)
    return ids.filter((id) => statuses.get(id) === 'completed' || statuses.get(id) === 'failed')
  }

  delete(id: number): QueueChange {
    const current = this.get(id)
    if (current.status === 'processing') throw new FlowgateError('conflict', `Queue item ${id} is being processed; try again in a moment`)
    const affected = this.store.delete([id])
    this.push.emit('queue.changed', { reason: 'deleted' })
    return { affected, ids: affected ? [id] : [] }
  }

  /** The corrected body passes the checks n8n's did at the door, for the route it came by. */
  private replayCorrected(item: QueueItem, payload: Record<string, unknown>, changed: string[]): void {
    const text = JSON.stringify(payload)
    if (text.length > APPROVED_DATA_MAX_CHARS) throw new FlowgateError('validation', 'payload: larger than 1 MiB as JSON')
    const body = parseWebhookBody(Buffer.from(text))
    if (!body.ok) throw new FlowgateError('validation', `payload: ${body.message}`)
    const classified = classifyWebhook(body.value, item.workflowId === null ? 'generic' : 'workflow')
    if (!classified.ok) throw new FlowgateError('validation', `payload: ${classified.message}`)
    if (!this.store.replayChanged(item.id, { payload: text, kind: classified.kind, changed }, this.clock.now())) {
      throw new FlowgateError('conflict', `Queue item ${item.id} changed meanwhile; look again`)
    }
    this.push.emit('queue.changed', { reason: 'replayed' })
    this.wakeWorker()
  }

  private applyReplay(ids: number[]): QueueChange {
    const affected = ids.length ? this.store.replay(ids, this.clock.now()) : 0
    if (affected) {
      this.push.emit('queue.changed', { reason: 'replayed' })
      this.wakeWorker()
    }
    return { affected, ids }
  }
}
