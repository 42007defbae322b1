import { describe, expect, it } from 'vitest'
import { localInputValue, sendAtOf, whenScheduled } from '../../src/renderer/src/lib/send-at'

describe('the moment a trigger is scheduled for', () => {
  it('reads a date-and-time field in local time, and writes one back to the minute', () => {
    const at = new Date(2026, 10, 30, 21, 5).getTime()
    expect(localInputValue(at)).toBe('2026-11-30T21:05')
    expect(sendAtOf('2026-11-30T21:05')).toBe(at)
    expect(sendAtOf(localInputValue(at + 42_000))).toBe(at)
  })

  it('is none when the field is empty, and an error that says so for a value that is no moment', () => {
    expect(sendAtOf('')).toBeNull()
    expect(sendAtOf('  ')).toBeNull()
    expect(() => sendAtOf('2026-13-45T99:00')).toThrow('"2026-13-45T99:00" is not a date and time')
  })

  it('says when, and how far ahead', () => {
    const now = new Date(2026, 10, 27, 9, 0).getTime()
    expect(whenScheduled(now + 2 * 3600_000, now)).toMatch(/^11:00:00( AM)? \(in 2 h\)$/)
  })
})
