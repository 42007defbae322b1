import { afterEach, describe, expect, it, vi } from 'vitest'
import { averageRunSeconds, dailyRuns, runTimeUnit } from '../../src/renderer/src/lib/daily-runs'

const HOUR = 3_600_000
const bucket = (hour: number, completed = 0, failed = 0, other = 0, completed_seconds = 0) => ({ hour, completed, failed, other, completed_seconds })

describe("a workflow's days", () => {
  // Node reads the time zone anew whenever TZ is set.
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('sums hours into the last days, today last, and leaves out hours before the first', () => {
    vi.stubEnv('TZ', 'UTC')
    const now = Date.UTC(2026, 10, 26, 15, 30)
    const today = Date.UTC(2026, 10, 26)
    const days = dailyRuns([bucket(today - 3 * 24 * HOUR, 9), bucket(today - 2 * 24 * HOUR + HOUR, 1, 1), bucket(today - HOUR, 0, 2), bucket(today + 14 * HOUR, 3, 0, 1)], now, 3)
    expect(days.map((d) => [d.dayStart, d.completed, d.failed, d.other])).toEqual([
      [today - 2 * 24 * HOUR, 1, 1, 0],
      [today - 24 * HOUR, 0, 2, 0],
      [today, 3, 0, 1],
    ])
    expect(days[2]!.label).toMatch(/Nov 26|26 Nov/)
  })

  it("follows the operator's calendar: a day the clocks went back holds its 25 hours", () => {
    vi.stubEnv('TZ', 'America/New_York')
    // 1 November 2026: clocks go back at 2:00 EDT, so the day runs 04:00 UTC to 05:00 UTC the next day.
    const firstOfNovember = Date.UTC(2026, 10, 1, 4)
    const secondOfNovember = Date.UTC(2026, 10, 2, 5)
    const now = Date.UTC(2026, 10, 2, 17)
    const days = dailyRuns([bucket(firstOfNovember - HOUR, 7), bucket(firstOfNovember, 1), bucket(secondOfNovember - HOUR, 2), bucket(secondOfNovember, 0, 4)], now, 2)
    expect(days.map((d) => [d.dayStart, d.completed, d.failed])).toEqual([
      [firstOfNovember, 3, 0],
      [secondOfNovember, 0, 4],
    ])
  })

  it("averages each day's completed run times over the hours it holds, none for a day without a completed run", () => {
    vi.stubEnv('TZ', 'UTC')
    const today = Date.UTC(2026, 10, 26)
    const days = dailyRuns([bucket(today - 24 * HOUR + HOUR, 2, 1, 0, 60), bucket(today - HOUR, 1, 0, 0, 90), bucket(today + HOUR, 0, 3)], today + 12 * HOUR, 2)
    expect(days.map((d) => [d.completedSeconds, averageRunSeconds(d)])).toEqual([
      [150, 50],
      [0, null],
    ])
  })

  it('plots run times in seconds up to two minutes, then minutes up to two hours, then hours', () => {
    expect([0, 119, 120, 7199, 7200].map((seconds) => runTimeUnit(seconds).name)).toEqual(['s', 's', 'min', 'min', 'h'])
    expect(runTimeUnit(600).seconds).toBe(60)
  })
})
