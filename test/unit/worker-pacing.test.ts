import { describe, expect, it } from 'vitest'
import type { QueueStore } from '../../src/main/core/queue/queue-store'
import { QueueWorker } from '../../src/main/core/queue/worker'
import { parseConfig } from '../../src/main/core/config'
import { silentLogger } from '../../src/main/core/logger'

const noop = () => undefined
const handlers = { trigger: noop, execution_callback: noop, approval_request: noop, generic_event: noop }
const storeDueAt = (due: number | null) =>
  ({ nextDueAt: () => due, claim: async () => [], record: async () => undefined }) as unknown as QueueStore

/** A store holding `count` due trigger items; it remembers how many each claim asked for. */
function storeWith(count: number) {
  const limits: number[] = []
  const store = {
    nextDueAt: () => 0,
    claim: async (_now: number, limit: number) => {
      limits.push(limit)
      return Array.from({ length: Math.min(limit, count) }, (_, i) => ({ id: i + 1, workflowId: 1, kind: 'trigger', payload: {}, retryCount: 0, attempts: [] }))
    },
    record: async () => undefined,
  } as unknown as QueueStore
  return { store, limits }
}

describe('queue worker pacing', () => {
  it('yields to a webhook burst right after a batch, and never when intake is quiet', async () => {
    let busy = false
    const worker = new QueueWorker(storeDueAt(1000), handlers, () => parseConfig({}), silentLogger, {
      batchSize: 10,
      intakeBusy: () => busy,
      busyPauseMs: 60_000,
    })
    expect(worker.nextDueAt()).toBe(1000)
    await worker.run(1000)
    expect(worker.nextDueAt()).toBe(1000)
    busy = true
    expect(worker.nextDueAt()).toBeNull()
    busy = false
    expect(worker.nextDueAt()).toBe(1000)
  })

  it('takes a batch during a burst once the pause has passed', async () => {
    const worker = new QueueWorker(storeDueAt(5), handlers, () => parseConfig({}), silentLogger, {
      batchSize: 10,
      intakeBusy: () => true,
      busyPauseMs: 0,
    })
    await worker.run(5)
    expect(worker.nextDueAt()).toBe(5)
  })

  it('lets the event loop run between slices of a large batch', async () => {
    const { store } = storeWith(300)
    let ioRan = false
    const seenIoAt: number[] = []
    const trigger = (item: { id: number }) => void (ioRan && seenIoAt.push(item.id))
    const worker = new QueueWorker(store, { ...handlers, trigger }, () => parseConfig({}), silentLogger, { batchSize: 300 })
    setImmediate(() => (ioRan = true))
    await worker.run(0)
    // Waiting I/O (an acknowledgement, say) ran after the first slice, not after all 300.
    expect(seenIoAt[0]).toBeLessThanOrEqual(51)
    expect(seenIoAt.length).toBeGreaterThanOrEqual(250)
  })
})
