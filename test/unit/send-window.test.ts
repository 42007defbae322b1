import { describe, expect, it } from 'vitest'
import { describeWindow, isOpen, nextOpening, type SendWindow } from '../../src/shared/send-window'
import { sendWindowSchema } from '../../src/shared/schemas/workflows'

// Local wall-clock times, so the tests read the same in every time zone. 5 January 2026 is a Monday.
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 0, day, hours, minutes).getTime()
const officeHours: SendWindow = { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }
const overnight: SendWindow = { days: [5], from: '22:00', to: '02:30' }

describe('send window', () => {
  it('is open from its start until just before its end, on its days only', () => {
    expect(isOpen(officeHours, at(5, 7, 59))).toBe(false)
    expect(isOpen(officeHours, at(5, 8))).toBe(true)
    expect(isOpen(officeHours, at(5, 17, 59))).toBe(true)
    expect(isOpen(officeHours, at(5, 18))).toBe(false)
    expect(isOpen(officeHours, at(10, 12))).toBe(false) // Saturday
  })

  it('runs past midnight when it ends before it starts, belonging to the day it starts on', () => {
    expect(isOpen(overnight, at(9, 21, 59))).toBe(false) // Friday
    expect(isOpen(overnight, at(9, 23))).toBe(true)
    expect(isOpen(overnight, at(10, 2, 29))).toBe(true) // Saturday morning, Friday's night
    expect(isOpen(overnight, at(10, 2, 30))).toBe(false)
    expect(isOpen(overnight, at(9, 1))).toBe(false) // Friday morning belongs to Thursday, not listed
  })

  it('opens next at its start on the next listed day; now, when open', () => {
    expect(nextOpening(officeHours, at(5, 7))).toBe(at(5, 8))
    expect(nextOpening(officeHours, at(5, 9, 30))).toBe(at(5, 9, 30))
    expect(nextOpening(officeHours, at(5, 18))).toBe(at(6, 8))
    expect(nextOpening(officeHours, at(9, 19))).toBe(at(12, 8)) // Friday evening → Monday
    expect(nextOpening(overnight, at(10, 3))).toBe(at(16, 22)) // a week on
    expect(nextOpening({ days: [0], from: '00:00', to: '23:59' }, at(5, 0))).toBe(at(11, 0))
  })

  it('reads as days and hours, runs of days as ranges', () => {
    expect(describeWindow(officeHours)).toBe('Mon–Fri 08:00–18:00')
    expect(describeWindow(overnight)).toBe('Fri 22:00–02:30')
    expect(describeWindow({ days: [6, 0], from: '10:00', to: '16:00' })).toBe('Sat, Sun 10:00–16:00')
    expect(describeWindow({ days: [1, 3, 4, 5], from: '09:00', to: '12:00' })).toBe('Mon, Wed–Fri 09:00–12:00')
    expect(describeWindow({ days: [0, 1, 2, 3, 4, 5, 6], from: '06:00', to: '22:00' })).toBe('every day 06:00–22:00')
    expect(describeWindow({ days: [5, 6, 0], from: '18:00', to: '23:00' })).toBe('Fri–Sun 18:00–23:00')
  })

  it('refuses what cannot be a window, saying why', () => {
    const problems = (value: unknown) => sendWindowSchema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    expect(problems(officeHours)).toBeUndefined()
    expect(problems({ ...officeHours, days: [] })).toEqual(['days: must name at least one day (0 Sunday … 6 Saturday)'])
    expect(problems({ ...officeHours, from: '8:00' })).toEqual(['from: must be a time as HH:MM'])
    expect(problems({ ...officeHours, to: '24:00' })).toEqual(['to: must be a time as HH:MM'])
    expect(problems({ ...officeHours, days: [7] })).toHaveLength(1)
    expect(problems({ ...officeHours, to: '08:00' })).toEqual(['to: from and to must differ (no window: sends at any time)'])
    expect(problems({ ...officeHours, zone: 'UTC' })).toHaveLength(1)
  })
})
