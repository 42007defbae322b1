import { relativeTime, shortDateTime } from './format'

/**
 * The moment a `datetime-local` field names, in this computer's time zone: null when empty.
 * An impossible value (a half-typed one) is an error that says what to enter.
 */
export function sendAtOf(value: string): number | null {
  if (value.trim() === '') return null
  const at = new Date(value).getTime()
  if (Number.isNaN(at)) throw new Error(`"${value}" is not a date and time`)
  return at
}

/** The `datetime-local` value for a moment, in this computer's time zone (minutes, no seconds). */
export function localInputValue(at: number): string {
  const date = new Date(at)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`
}

/** When a scheduled execution goes: "9:00:00 AM (in 2 h)", with the date when not today. */
export const whenScheduled = (at: number, now = Date.now()) => `${shortDateTime(at, now)} (${relativeTime(at, now)})`
