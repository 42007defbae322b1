import { describe, expect, it } from 'vitest'
import { dataChanges, describeChanges } from '../../src/shared/data-changes'

describe('what a person changed in an approval’s data', () => {
  it('names each change by where it is, as a person reads it', () => {
    const before = { subject: 'Offer', to: ['a', 'b', 'c'], lead: { email: 'x@y.z', score: 80 }, draft: true }
    const after = { subject: 'Offer!', to: ['a', 'b'], lead: { email: 'x@y.z', score: 80, verified: true } }
    expect(dataChanges(before, after)).toEqual([
      { path: 'subject', change: 'changed', before: 'Offer', after: 'Offer!' },
      { path: 'to[2]', change: 'removed', before: 'c' },
      { path: 'lead.verified', change: 'added', after: true },
      { path: 'draft', change: 'removed', before: true },
    ])
  })

  it('finds nothing in equal data, and reads missing data as empty', () => {
    expect(dataChanges({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([])
    expect(dataChanges(null, { a: 1 })).toEqual([{ path: 'a', change: 'added', after: 1 }])
  })

  it('says the places in a few words', () => {
    const at = (...paths: string[]) => paths.map((path) => ({ path, change: 'changed' as const }))
    expect(describeChanges(at('subject'))).toBe('subject')
    expect(describeChanges(at('subject', 'to[2]'))).toBe('subject and to[2]')
    expect(describeChanges(at('a', 'b', 'c'))).toBe('a, b and c')
    expect(describeChanges(at('a', 'b', 'c', 'd', 'e'))).toBe('a, b, c and 2 more')
  })
})
