import { describe, expect, it } from 'vitest'
import type { Outcome, QueueStore } from '../../src/main/core/queue/queue-store'
import { QueueWorker, type WebhookHandlers } from '../../src/main/core/queue/worker'
import { parseConfig } from '../../src/main/core/config'
import { silentLogger } from '../../src/main/core/logger'
import { transactionFailingAtCommit } from '../helpers/failing-commit'

/** A store holding three due trigger items; it keeps the outcomes the worker records. */
function storeOfThree() {
  const recorded: Outcome[] = []
  let claimed = false
  const store = {
    nextDueAt: () => (claimed ? null : 0),
    claim: async () => {
      if (claimed) return []
      claimed = true
      return [1, 2, 3].map((id) => ({ id, workflowId: 1, kind: 'trigger', payload: {}, retryCount: 0, attempts: [] }))
    },
    record: async (outcomes: Outcome[]) => void recorded.push(...outcomes),
  } as unknown as QueueStore
  return { store, recorded }
}

const handlersCalling = (trigger: () => void): WebhookHandlers => {
  const noop = () => undefined
  return { trigger, execution_callback: noop, approval_request: noop, generic_event: noop }
}

describe('queue worker turns', () => {
  it('retries every item of a turn whose commit failed, though each handler returned', async () => {
    const { store, recorded } = storeOfThree()
    let handled = 0
    const worker = new QueueWorker(store, handlersCalling(() => void (handled += 1)), () => parseConfig({}), silentLogger, {
      batchSize: 10,
      random: () => 0.5,
      transaction: transactionFailingAtCommit('database or disk is full'),
    })
    await worker.run(0)
    expect(handled).toBe(3)
    expect(recorded.map((o) => [o.id, o.status])).toEqual([
      [1, 'queued'],
      [2, 'queued'],
      [3, 'queued'],
    ])
    expect(recorded.every((o) => o.status === 'queued' && o.error === 'database or disk is full')).toBe(true)
  })

  it('runs handlers without a transaction when none is given, each failure its own', async () => {
    const { store, recorded } = storeOfThree()
    let calls = 0
    const worker = new QueueWorker(
      store,
      handlersCalling(() => {
        calls += 1
        if (calls === 2) throw new Error('second refused')
      }),
      () => parseConfig({}),
      silentLogger,
      { batchSize: 10, random: () => 0.5 },
    )
    await worker.run(0)
    expect(recorded.map((o) => o.status)).toEqual(['completed', 'queued', 'completed'])
  })

  it('starts a turn only once the database is quiet', async () => {
    const { store, recorded } = storeOfThree()
    let handled = 0
    let letGo: () => void = () => undefined
    const quiet = new Promise<void>((resolve) => (letGo = resolve))
    const worker = new QueueWorker(store, handlersCalling(() => void (handled += 1)), () => parseConfig({}), silentLogger, {
      batchSize: 10,
      quiet: () => quiet,
    })
    const run = worker.run(0)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(handled).toBe(0)
    letGo()
    await run
    expect(handled).toBe(3)
    expect(recorded.map((o) => o.status)).toEqual(['completed', 'completed', 'completed'])
  })
})
