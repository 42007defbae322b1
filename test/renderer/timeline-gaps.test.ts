import { describe, expect, it } from 'vitest'
import { timelineGaps } from '../../src/renderer/src/lib/timeline-gaps'

describe("an execution timeline's pauses", () => {
  it('shows pauses of a second or more, and singles out the longest', () => {
    const t = 1_800_000_000_000
    expect(timelineGaps([t, t + 20, t + 8020, t + 8100, t + 9600])).toEqual([
      { seconds: null, longest: false },
      { seconds: null, longest: false },
      { seconds: 8, longest: true },
      { seconds: null, longest: false },
      { seconds: 1.5, longest: false },
    ])
  })

  it('does not single out a pause that has nothing to compare with', () => {
    expect(timelineGaps([0, 5000, 5200])).toEqual([
      { seconds: null, longest: false },
      { seconds: 5, longest: false },
      { seconds: null, longest: false },
    ])
    expect(timelineGaps([])).toEqual([])
  })
})
