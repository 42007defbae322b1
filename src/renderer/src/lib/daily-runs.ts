import type { WorkflowStats } from '../../../shared/schemas/workflows'

export interface DayRuns {
  /** The local midnight the day starts at (ms). */
  dayStart: number
  label: string
  completed: number
  failed: number
  other: number
  /** The run times of its completed executions, added up. */
  completedSeconds: number
}

/** The unit a chart of run times reads best in: seconds up to two minutes, then minutes up to two hours, then hours. */
export function runTimeUnit(longestSeconds: number): { name: 's' | 'min' | 'h'; seconds: number } {
  if (longestSeconds >= 7200) return { name: 'h', seconds: 3600 }
  if (longestSeconds >= 120) return { name: 'min', seconds: 60 }
  return { name: 's', seconds: 1 }
}

/** A day's average run time of its completed executions; null without any. */
export const averageRunSeconds = (day: DayRuns): number | null => (day.completed ? day.completedSeconds / day.completed : null)

/**
 * The last `days` days of the operator's own calendar, today last, each with the executions of
 * the hours that started in it. Days are counted by the calendar, so one with a clock change
 * still runs midnight to midnight.
 */
export function dailyRuns(hours: WorkflowStats['recent_hours'], now: number, days: number): DayRuns[] {
  const midnight = new Date(now)
  midnight.setHours(0, 0, 0, 0)
  const starts = Array.from({ length: days + 1 }, (_, i) => new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate() - days + 1 + i).getTime())
  const result = starts.slice(0, days).map((dayStart) => ({
    dayStart,
    label: new Date(dayStart).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }),
    completed: 0,
    failed: 0,
    other: 0,
    completedSeconds: 0,
  }))
  for (const bucket of hours) {
    const index = starts.findIndex((start, i) => i < days && bucket.hour >= start && bucket.hour < starts[i + 1]!)
    if (index < 0) continue
    const day = result[index]!
    day.completed += bucket.completed
    day.failed += bucket.failed
    day.other += bucket.other
    day.completedSeconds += bucket.completed_seconds
  }
  return result
}
