import { isOpen, nextOpening, type SendWindow } from './send-window'

/**
 * The hours alerts wait through (the night, say), every day, in this computer's time: what
 * comes meanwhile goes as one message when they end. Written "22:00-07:00"; "22-7" also reads.
 */
export interface QuietHours {
  from: string
  to: string
}

export const QUIET_HOURS_HINT = 'must be two times of day like 22:00-07:00 (or 22-7)'

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]
const TIME = /^([01]?\d|2[0-3])(?::([0-5]\d))?$/

const clockTime = (text: string): string | null => {
  const match = TIME.exec(text.trim())
  return match ? `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}` : null
}

/** "22:00-07:00", "22-7", "22:30 – 6:45" → {from, to}; null when it is not two different times. */
export function parseQuietHours(text: string): QuietHours | null {
  const parts = text.split(/[-–—]/)
  if (parts.length !== 2) return null
  const [from, to] = parts.map(clockTime)
  return from && to && from !== to ? { from, to } : null
}

export const formatQuietHours = (hours: QuietHours): string => `${hours.from}-${hours.to}`

/** When the quiet hours running at `at` end; null when they are not running then. */
export function quietUntil(hours: QuietHours, at: number): number | null {
  const quiet: SendWindow = { days: EVERY_DAY, from: hours.from, to: hours.to }
  if (!isOpen(quiet, at)) return null
  return nextOpening({ days: EVERY_DAY, from: hours.to, to: hours.from }, at)
}
