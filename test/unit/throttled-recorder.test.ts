import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import { ThrottledRecorder, type Monitor, type MonitorEvent } from '../../src/main/core/monitor'

/** The events as the monitor would store them, and how many refusals they stand for in all. */
function recorded() {
  const events: MonitorEvent[] = []
  const monitor = { record: (event: MonitorEvent) => void events.push(event) } as unknown as Monitor
  const standsFor = () => events.reduce((sum, event) => sum + 1 + ((event.data as { suppressed?: number }).suppressed ?? 0), 0)
  return { events, monitor, standsFor }
}

const refusal = (sender: string): MonitorEvent => ({ eventType: 'webhook_rejected', severity: 'warning', data: { sender, reason: 'bad' } })

describe('throttled monitoring events', () => {
  it('records one event per sender and interval, the next one carrying how many were held back', () => {
    const { events, monitor, standsFor } = recorded()
    const clock = new ManualClock()
    const throttled = new ThrottledRecorder(monitor, clock, 10_000, 5)
    for (let i = 0; i < 25; i++) throttled.record('203.0.113.9:bad', refusal('203.0.113.9'))
    expect(events).toHaveLength(1)
    clock.advance(10_000)
    throttled.record('203.0.113.9:bad', refusal('203.0.113.9'))
    expect(events.map((e) => e.data)).toEqual([
      { sender: '203.0.113.9', reason: 'bad' },
      { sender: '203.0.113.9', reason: 'bad', suppressed: 24 },
    ])
    expect(standsFor()).toBe(26)
  })

  it('records a flood from ever new senders as rarely as one from a few, and still counts every refusal', () => {
    const { events, monitor, standsFor } = recorded()
    const clock = new ManualClock()
    const throttled = new ThrottledRecorder(monitor, clock, 10_000, 5)
    let sent = 0
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < 1_000; i++, sent++) throttled.record(`198.51.${round}.${i}:bad`, refusal(`198.51.${round}.${i}`))
      // Five senders of their own, and the rest in one shared window, per interval.
      expect(events.length).toBeLessThanOrEqual(6 * (round + 1) + 6 * round)
      clock.advance(10_000)
    }
    expect(events.filter((e) => (e.data as { many?: boolean }).many).length).toBeGreaterThanOrEqual(30)
    // Windows ended with refusals held back are written out as they are forgotten: nothing goes uncounted.
    throttled.record('192.0.2.1:bad', refusal('192.0.2.1'))
    expect(standsFor()).toBe(sent + 1)
  })
})
