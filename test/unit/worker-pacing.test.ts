import { describe, expect, it } from 'vitest'
import type { QueueStore } from '../../src/main/core/queue/queue-store'
import { QueueWorker } from '../../src/main/core/queue/worker'
import { parseConfig } from '../../src/main/core/config'
import { silentLogger } from '../../src/main/core/logger'

const noop = () => undefined
const handlers = { trigger: noop, execution_callback: noop, approval_request: noop, generic_event: noop }
const storeDueAt = (due: number | null) =>
  ({ nextDueAt: () => due, claim: async () => [], record: async () => undefined }) as unknown as QueueStore

/** A store holding `count` due trigger items, handed out oldest first; it remembers each claim's size. */
function storeWith(count: number) {
  const claims: number[] = []
  let next = 1
  const store = {
    nextDueAt: () => (next <= count ? 0 : null),
    claim: async (_now: number, limit: number) => {
      const taken = Array.from({ length: Math.max(0, Math.min(limit, count - next + 1)) }, (_, i) => ({
        id: next + i,
        workflowId: 1,
        kind: 'trigger',
        payload: {},
        retryCount: 0,
        attempts: [],
      }))
      next += taken.length
      claims.push(taken.length)
      return taken
    },
    record: async () => undefined,
  } as unknown as QueueStore
  return { store, claims }
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

  it('works through a backlog batch after batch in one run, but takes one batch while webhooks arrive', async () => {
    let busy = false
    const quiet = storeWith(250)
    await new QueueWorker(quiet.store, handlers, () => parseConfig({}), silentLogger, { batchSize: 100, intakeBusy: () => busy }).run(0)
    expect(quiet.claims).toEqual([100, 100, 50])
    busy = true
    const burst = storeWith(250)
    await new QueueWorker(burst.store, handlers, () => parseConfig({}), silentLogger, { batchSize: 100, intakeBusy: () => busy }).run(0)
    expect(burst.claims).toEqual([100])
  })

  it('during a burst, pauses long enough that batches take at most their share of the time', async () => {
    const { store } = storeWith(1000)
    const slowTrigger = () => {
      const until = performance.now() + 0.4
      while (performance.now() < until);
    }
    const worker = new QueueWorker(store, { ...handlers, trigger: slowTrigger }, () => parseConfig({}), silentLogger, {
      batchSize: 50,
      intakeBusy: () => true,
      busyPauseMs: 1,
      busyShare: 0.1,
    })
    const started = performance.now()
    await worker.run(0)
    const ranMs = performance.now() - started
    expect(ranMs).toBeGreaterThanOrEqual(20)
    expect(worker.nextDueAt()).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, ranMs * 4))
    expect(worker.nextDueAt()).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, ranMs * 6))
    expect(worker.nextDueAt()).toBe(0)
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
    expect(seenIoAt).toHaveLength(300 - seenIoAt[0]! + 1)
  })
})
