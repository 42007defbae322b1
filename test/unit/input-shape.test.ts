import { describe, expect, it } from 'vitest'
import { kindOf, shapeDifferences, shapeLine } from '../../src/shared/input-shape'

describe("an input's shape against one that worked", () => {
  it('names fields missing, new, or of another kind, and leaves different values of the same kind alone', () => {
    const worked = { email: 'ada@example.com', lead_score: 80, name: 'Ada', tags: ['vip'], lead: { city: 'Paris', zip: '75001' } }
    const failed = { email: 'bob@example.com', lead_score: null, name: ' ', tags: [], lead: { city: 'Lyon' }, coupon: 'X1' }
    expect(shapeDifferences(worked, failed).map(shapeLine)).toEqual([
      'lead_score: a number before, nothing (null) now',
      'name: text before, empty text now',
      'tags: a list before, an empty list now',
      'lead.zip: missing (was text)',
      'coupon: new (text)',
    ])
    expect(shapeDifferences(worked, { ...worked, email: 'other@example.com', lead_score: 3 })).toEqual([])
  })

  it('compares lists by their first item, and the whole input when its kind changed', () => {
    expect(shapeDifferences({ items: [{ sku: 'A', qty: 1 }] }, { items: [{ sku: 'B', qty: '1' }, {}] }).map(shapeLine)).toEqual(['items[0].qty: a number before, text now'])
    expect(shapeDifferences({ a: 1 }, null).map(shapeLine)).toEqual(['(the whole input): an object before, nothing (null) now'])
    expect(kindOf(undefined)).toBe('nothing (null)')
    expect(kindOf({})).toBe('an empty object')
    expect(kindOf(false)).toBe('true/false')
  })

  it('stops at fifty differences and six levels deep', () => {
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`f${i}`, i]))
    expect(shapeDifferences(wide, { f0: 0 })).toHaveLength(50)
    const deep = (leaf: unknown): unknown => [1, 2, 3, 4, 5, 6, 7].reduceRight<unknown>((inner, n) => ({ [`l${n}`]: inner }), leaf)
    expect(shapeDifferences(deep(1), deep('x'))).toEqual([])
    expect(shapeDifferences(deep(1), deep({ l: 1 }))).toEqual([])
  })
})
