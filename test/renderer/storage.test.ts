import { describe, expect, it } from 'vitest'
import { removedWords } from '../../src/renderer/src/lib/storage'

describe('what a clean-up removed, in words', () => {
  it('names each kind, counted, and says "no" for those it left alone', () => {
    expect(removedWords({ events: 300, webhooks: 1, calls: 0, executions: 0 })).toBe('300 events, 1 webhook, no calls and no executions')
    expect(removedWords({ events: 0, webhooks: 0, calls: 2, executions: 1 })).toBe('no events, no webhooks, 2 calls and 1 execution')
  })
})
