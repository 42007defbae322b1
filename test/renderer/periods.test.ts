import { describe, expect, it } from 'vitest'
import { sinceOf } from '../../src/renderer/src/lib/periods'

describe('list periods', () => {
  it('count back from the moment the list is read; today starts at local midnight; none is no limit', () => {
    const now = new Date(2026, 10, 26, 15, 30).getTime()
    expect(sinceOf('hour', now)).toBe(now - 3_600_000)
    expect(sinceOf('7d', now)).toBe(now - 7 * 86_400_000)
    expect(sinceOf('30d', now)).toBe(now - 30 * 86_400_000)
    expect(sinceOf('today', now)).toBe(new Date(2026, 10, 26).getTime())
    expect(sinceOf(undefined, now)).toBeUndefined()
  })
})
