import { describe, expect, it } from 'vitest'
import { sendRateHold } from '../../src/main/core/approvals/send-rate'

const HOUR = 3_600_000
const limits = { maxPerWeek: 2, minHoursApart: 48 }
const now = Date.UTC(2026, 5, 10)

describe('send-rate policy for email_send', () => {
  it('lets the first email to a lead go', () => expect(sendRateHold({ approvedInLastWeek: 0, lastApprovedAt: null }, now, limits)).toBeNull())
  it('lets a second go 48 h or more after the first', () =>
    expect(sendRateHold({ approvedInLastWeek: 1, lastApprovedAt: now - 48 * HOUR }, now, limits)).toBeNull())
  it('holds one sooner than 48 h after the last', () =>
    expect(sendRateHold({ approvedInLastWeek: 1, lastApprovedAt: now - 47 * HOUR }, now, limits)).toBe(
      'send-rate policy: the last email to this lead was 47 h ago (at least 48 h apart)',
    ))
  it('holds a third within 7 days', () =>
    expect(sendRateHold({ approvedInLastWeek: 2, lastApprovedAt: now - 100 * HOUR }, now, limits)).toBe(
      'send-rate policy: this lead already got 2 email(s) in the last 7 days (at most 2)',
    ))
  it('follows configured limits', () =>
    expect(sendRateHold({ approvedInLastWeek: 2, lastApprovedAt: now - 2 * HOUR }, now, { maxPerWeek: 5, minHoursApart: 1 })).toBeNull())
})
