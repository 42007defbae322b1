/** Below this a pause between two steps is just the machinery turning; it is not shown. */
const NOTICEABLE_MS = 1000

export interface TimelineGap {
  /** Seconds since the step before, when long enough to notice; null otherwise. */
  seconds: number | null
  /** The longest noticeable pause of the whole timeline: where the time went. */
  longest: boolean
}

/** For each step of a timeline (oldest first), how long it came after the one before. */
export function timelineGaps(at: number[]): TimelineGap[] {
  const gaps = at.map((time, i) => (i > 0 && time - at[i - 1]! >= NOTICEABLE_MS ? (time - at[i - 1]!) / 1000 : null))
  const longest = gaps.reduce<number>((max, gap) => Math.max(max, gap ?? 0), 0)
  // A single pause is not singled out: there is nothing to compare it with.
  const noticeable = gaps.filter((gap) => gap !== null).length
  return gaps.map((seconds) => ({ seconds, longest: noticeable > 1 && seconds === longest }))
}
