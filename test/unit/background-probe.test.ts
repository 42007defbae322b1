import { describe, expect, it } from 'vitest'
import { BackgroundProbe } from '../../src/main/core/background-probe'
import { ManualClock } from '../../src/main/core/clock'

/** A call whose answer the test gives when it chooses. */
function pendingCall() {
  let answer!: (value: string) => void
  const promise = new Promise<string>((resolve) => (answer = resolve))
  return { call: () => promise, answer }
}
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('a background probe', () => {
  it('asks once at a time, keeps the answer with its time, and tells what it learned', async () => {
    const clock = new ManualClock()
    const learned: string[] = []
    const probe = new BackgroundProbe<string>(clock, (result) => learned.push(result))
    const first = pendingCall()
    let asked = 0
    probe.ask(() => (asked++, first.call()))
    probe.ask(() => (asked++, first.call()))
    expect(asked).toBe(1)
    clock.advance(5)
    first.answer('up')
    await settle()
    expect(probe.last).toEqual({ checkedAt: clock.now(), result: 'up' })
    expect(learned).toEqual(['up'])
  })

  it('drops an answer to a question asked before the settings changed, and asks again at once', async () => {
    const clock = new ManualClock()
    const learned: string[] = []
    const probe = new BackgroundProbe<string>(clock, (result) => learned.push(result))
    const stale = pendingCall()
    const fresh = pendingCall()
    probe.ask(stale.call)
    probe.forget()
    probe.ask(fresh.call)
    fresh.answer('new address answers')
    await settle()
    stale.answer('old address answers')
    await settle()
    expect(probe.last?.result).toBe('new address answers')
    expect(learned).toEqual(['new address answers'])
  })

  it('survives a call that rejects', async () => {
    const probe = new BackgroundProbe<string>(new ManualClock())
    probe.ask(() => Promise.reject(new Error('broken')))
    await settle()
    expect(probe.last).toBeNull()
    probe.ask(async () => 'fine')
    await settle()
    expect(probe.last?.result).toBe('fine')
  })
})
