import { describe, expect, it } from 'vitest'
import { runTimesSummary, tookSaid } from '../../src/renderer/src/lib/run-times'

describe("a workflow's run time line", () => {
  const times = { recent_seconds: 130, recent_runs: 6, usual_seconds: 30, usual_runs: 50, slower: true }

  it('says both medians with the runs behind them, and when the recent ones are slower than usual', () => {
    expect(runTimesSummary(times)).toBe('lately 2 min 10 s (its last 6 runs) · usually 30.0 s (50 runs before) — slower than usual')
    expect(runTimesSummary({ ...times, recent_seconds: 31, recent_runs: 1, slower: false })).toBe('lately 31.0 s (its last run) · usually 30.0 s (50 runs before)')
  })

  it('says what is missing when one side has no completed runs', () => {
    expect(runTimesSummary({ ...times, recent_seconds: null, recent_runs: 0, slower: false })).toBe('none completed in the last 24 h · usually 30.0 s (50 runs before)')
    expect(runTimesSummary({ ...times, usual_seconds: null, usual_runs: 0, slower: false })).toBe('lately 2 min 10 s (its last 6 runs) · nothing before to compare with')
    expect(runTimesSummary({ recent_seconds: null, recent_runs: 0, usual_seconds: null, usual_runs: 0, slower: false })).toBe('no completed runs yet')
  })

  it("says how long one run took beside its workflow's usual, standing out when slow by the same rule", () => {
    expect(tookSaid(132, 30)).toEqual({ text: 'took 2 min 12 s, 4.4× its usual 30.0 s', slow: true })
    expect(tookSaid(31, 30)).toEqual({ text: 'took 31.0 s (usually 30.0 s)', slow: false })
    // Five times as long, but 4 s more: not slow.
    expect(tookSaid(5, 1)).toEqual({ text: 'took 5.0 s (usually 1.0 s)', slow: false })
    expect(tookSaid(20, 0)).toEqual({ text: 'took 20.0 s, usually 0 ms', slow: true })
    expect(tookSaid(12, null)).toEqual({ text: 'took 12.0 s', slow: false })
    expect(tookSaid(null, 30)).toEqual({ text: 'took —', slow: false })
  })
})
