/**
 * The hours a workflow's dispatches may go out, in the operator's local time: on the days
 * listed (0 Sunday … 6 Saturday), from `from` until `to` ("HH:MM"). A window whose `to` comes
 * before its `from` runs past midnight and belongs to the day it starts on.
 */
export interface SendWindow {
  days: number[]
  from: string
  to: string
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number)
  return hours! * 60 + minutes!
}

/** Whether the window is open at `at` (ms since the epoch, read in local time). */
export function isOpen(window: SendWindow, at: number): boolean {
  const date = new Date(at)
  const minute = date.getHours() * 60 + date.getMinutes()
  const from = minutesOf(window.from)
  const to = minutesOf(window.to)
  const today = window.days.includes(date.getDay())
  if (from < to) return today && minute >= from && minute < to
  const yesterday = window.days.includes((date.getDay() + 6) % 7)
  return (today && minute >= from) || (yesterday && minute < to)
}

/** The first moment at or after `at` when the window is open. */
export function nextOpening(window: SendWindow, at: number): number {
  if (isOpen(window, at)) return at
  const date = new Date(at)
  const from = minutesOf(window.from)
  for (let ahead = 0; ahead <= 7; ahead++) {
    // Built from local parts, so a change to or from summer time keeps the wall-clock hour.
    const opening = new Date(date.getFullYear(), date.getMonth(), date.getDate() + ahead, Math.floor(from / 60), from % 60).getTime()
    if (opening > at && window.days.includes(new Date(opening).getDay())) return opening
  }
  throw new Error('a send window lists no day')
}

/** "Mon–Fri 08:00–18:00", "Sat, Sun 10:00–02:00": the days Monday first, as ranges where three or more run on. */
export function describeWindow(window: SendWindow): string {
  const mondayFirst = (day: number) => (day + 6) % 7
  const days = [...new Set(window.days)].sort((a, b) => mondayFirst(a) - mondayFirst(b))
  const runs: number[][] = []
  for (const day of days) {
    const last = runs.at(-1)
    if (last && mondayFirst(last.at(-1)!) === mondayFirst(day) - 1) last.push(day)
    else runs.push([day])
  }
  const named = runs.map((run) => (run.length >= 3 ? `${DAY_NAMES[run[0]!]}–${DAY_NAMES[run.at(-1)!]}` : run.map((day) => DAY_NAMES[day]).join(', ')))
  const when = days.length === 7 ? 'every day' : named.join(', ')
  return `${when} ${window.from}–${window.to}`
}
