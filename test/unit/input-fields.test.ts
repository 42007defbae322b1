import { describe, expect, it } from 'vitest'
import { FIELD_PATH, missingFields, valueAt } from '../../src/shared/input-fields'

describe('required input fields', () => {
  const input = { email: 'ada@example.com', name: '  ', lead: { phone: null, score: 0, tags: ['vip'] }, items: [{ sku: 'A1' }], ok: false }

  it('reads a value by path through objects and lists', () => {
    expect(valueAt(input, 'lead.score')).toBe(0)
    expect(valueAt(input, 'items[0].sku')).toBe('A1')
    expect(valueAt(input, 'lead.tags[0]')).toBe('vip')
    expect(valueAt(input, 'items[3].sku')).toBeUndefined()
    expect(valueAt(input, 'email.domain')).toBeUndefined()
    expect(valueAt(null, 'email')).toBeUndefined()
  })

  it('names the fields missing, null or blank, and counts 0 and false as given', () => {
    expect(missingFields(input, ['email', 'name', 'lead.phone', 'lead.score', 'ok', 'items[0].sku', 'address.city'])).toEqual(['name', 'lead.phone', 'address.city'])
    expect(missingFields(input, [])).toEqual([])
    expect(missingFields('not an object', ['email'])).toEqual(['email'])
  })

  it('accepts paths as a person writes them, and nothing else', () => {
    expect(['email', 'lead.email', 'items[0].sku', '$json', 'first-name', 'a_b.c1'].every((path) => FIELD_PATH.test(path))).toBe(true)
    expect(['', '.email', 'lead..email', 'items[x]', 'a b', '1abc', 'lead.'].some((path) => FIELD_PATH.test(path))).toBe(false)
  })
})
