/**
 * Muting the desktop notices for a while (a meeting, the night): the tray still shows what
 * waits, nothing pops up, and what arrived meanwhile is not replayed afterwards.
 */
export type MuteChoice = 'hour' | 'morning'

const HOUR = 3_600_000
/** When "until the morning" ends, local time. */
export const MORNING_HOUR = 8

/** When a mute chosen at `now` ends: an hour later, or at the next 8:00 (today's, before 8). */
export function muteEnd(choice: MuteChoice, now: number): number {
  if (choice === 'hour') return now + HOUR
  const morning = new Date(now)
  morning.setHours(MORNING_HOUR, 0, 0, 0)
  if (morning.getTime() <= now) morning.setDate(morning.getDate() + 1)
  return morning.getTime()
}

/** The end of the mute still running at `now`, or null when notices are on. */
export const activeMute = (until: number | null, now: number): number | null => (until !== null && now < until ? until : null)

/** "08:00" as the operator's clock writes it. */
export const clockTime = (at: number): string => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
