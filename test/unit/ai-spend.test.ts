import { describe, expect, it } from 'vitest'
import { creditsSaid, modelUsageSaid, todaySpendSaid } from '../../src/shared/ai-spend'

const usage = (patch: object = {}) => ({ calls: 12, failed: 0, prompt_tokens: 8_000, completion_tokens: 1_300, cost: 0.4, unpriced_calls: 0, ...patch })
const ai = (today: object, budget: number | null) => ({ today: usage(today), last_30_days: usage(), daily_budget: budget, by_model: [] })

describe('what the model cost, in words', () => {
  it('gives credits the precision a small spend needs', () => {
    expect([0, 0.00042, 0.0123, 0.4, 1, 12.3].map(creditsSaid)).toEqual(['$0', '$0.0004', '$0.012', '$0.400', '$1.00', '$12.30'])
  })

  it('says calls, failures, tokens and calls whose cost is unknown', () => {
    expect(modelUsageSaid(usage())).toBe('$0.400 · 12 calls · 9.3K tokens')
    expect(modelUsageSaid(usage({ calls: 1, failed: 1, prompt_tokens: 0, completion_tokens: 0, cost: 0, unpriced_calls: 1 }))).toBe('$0 · 1 call (1 failed) · 0 tokens · 1 without a cost said')
    expect(modelUsageSaid(usage({ calls: 0 }))).toBe('no calls to the model')
  })

  it("sets today's spend against the daily budget, and says when it is spent", () => {
    expect(todaySpendSaid(ai({}, 1))).toBe('$0.400 of $1.00 (40%) · 12 calls · 9.3K tokens')
    expect(todaySpendSaid(ai({ calls: 0, cost: 0 }, 1))).toBe('$0 of $1.00 (0%)')
    expect(todaySpendSaid(ai({ cost: 1.2 }, 1))).toBe('$1.20 of $1.00 (120%) · 12 calls · 9.3K tokens — spent: approvals wait for you until midnight UTC')
    expect(todaySpendSaid(ai({ calls: 0, cost: 0 }, 0))).toBe('$0 of $0 — spent: approvals wait for you until midnight UTC')
    expect(todaySpendSaid(ai({}, null))).toBe('$0.400 · 12 calls · 9.3K tokens · no daily budget')
  })
})
