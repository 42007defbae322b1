import { EventEmitter } from 'node:events'
import type { PushEventName, PushMessage, PushPayload } from '../../shared/contract'

/** The core's one channel to every open console: typed "refresh this" signals. */
export class PushBus {
  private readonly emitter = new EventEmitter()

  constructor() {
    // Each console (window, SSE client) subscribes once; many may be open.
    this.emitter.setMaxListeners(0)
  }

  emit<E extends PushEventName>(name: E, payload: PushPayload<E>): void {
    this.emitter.emit('push', { name, payload } as PushMessage)
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.emitter.on('push', listener)
    return () => this.emitter.off('push', listener)
  }
}
