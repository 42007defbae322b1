import { describe, expect, it } from 'vitest'
import type { QueueStore } from '../../src/main/core/queue/queue-store'
import { QueueWorker } from '../../src/main/core/queue/worker'
import { parseConfig } from '../../src/main/core/config'
import { silentLogger } from '../../src/main/core/logger'

const noop = () => undefined
const handlers = { trigger: noop, execution_callback: noop, approval_request: noop, generic_event: noop }
const storeDueAt = (due: number | null) =>
  ({ nextDueAt: () => due, claim: async () => [], record: async () => undefined }) as unknown as QueueStore

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
})
