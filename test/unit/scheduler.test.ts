import { describe, expect, it } from 'vitest'
import { systemClock } from '../../src/main/core/clock'
import { silentLogger } from '../../src/main/core/logger'
import { Scheduler } from '../../src/main/core/scheduler'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('scheduler wake-ups', () => {
  it('a steady stream of wake-ups (one per commit under load) shares a few ticks', async () => {
    const scheduler = new Scheduler(systemClock, silentLogger)
    let looks = 0
    let runs = 0
    let pending = false
    scheduler.add({
      name: 'work',
      nextDueAt: () => (looks++, pending ? 0 : null),
      run: async () => void ((runs += 1), (pending = false)),
    })
    scheduler.start()
    await sleep(30)
    looks = 0
    const started = performance.now()
    while (performance.now() - started < 200) {
      pending = true
      scheduler.wake()
      await sleep(1)
    }
    await sleep(50)
    await scheduler.stop()
    // About one tick per 20 ms, each looking at the task twice; one tick per wake-up would be 100+.
    expect(looks / 2).toBeLessThanOrEqual(20)
    expect(runs).toBeGreaterThanOrEqual(5)
    expect(pending).toBe(false)
  })

  it('a wake-up cuts a long sleep short', async () => {
    const scheduler = new Scheduler(systemClock, silentLogger)
    let due: number | null = Date.now() + 60_000
    let runs = 0
    scheduler.add({ name: 'later', nextDueAt: () => due, run: async () => void ((runs += 1), (due = null)) })
    scheduler.start()
    await sleep(30)
    expect(runs).toBe(0)
    due = Date.now()
    scheduler.wake()
    await sleep(40)
    expect(runs).toBe(1)
    await scheduler.stop()
  })

  it('work that wakes the scheduler while it runs, then outlasts the wake-up gap, leaves the scheduler awake', async () => {
    // A decision taking effect queues its dispatch (a wake-up, before the task's first await), then the
    // call to n8n takes longer than the gap; n8n's callbacks then arrive: they must be handled.
    const scheduler = new Scheduler(systemClock, silentLogger)
    let dispatches = 1
    let callbacks = 0
    let handled = 0
    scheduler.add({ name: 'callbacks', nextDueAt: () => (callbacks > 0 ? 0 : null), run: async () => void ((handled += callbacks), (callbacks = 0)) })
    scheduler.add({
      name: 'dispatch',
      nextDueAt: () => (dispatches > 0 ? 0 : null),
      run: async () => {
        dispatches = 0
        scheduler.wake()
        await sleep(60)
      },
    })
    scheduler.start()
    await sleep(100)
    callbacks = 2
    scheduler.wake()
    await sleep(60)
    await scheduler.stop()
    expect(handled).toBe(2)
  })

  it('says how long new work has waited for a tick: nothing between ticks, the length of a long one', async () => {
    const scheduler = new Scheduler(systemClock, silentLogger)
    let slow = true
    scheduler.add({ name: 'slow', nextDueAt: () => (slow ? 0 : null), run: async () => void (await sleep(150), (slow = false)) })
    scheduler.start()
    await sleep(30)
    expect(scheduler.unservedWakeMs()).toBe(0)
    // Work arrives while the long tick runs: it waits for that tick to end.
    scheduler.wake()
    await sleep(80)
    expect(scheduler.unservedWakeMs()).toBeGreaterThanOrEqual(70)
    await sleep(120)
    expect(scheduler.unservedWakeMs()).toBe(0)
    await scheduler.stop()
  })
})
