/** "3 min ago", "in 2 h": short relative times for lists. */
export function relativeTime(at: number | null | undefined, now = Date.now()): string {
  if (!at) return '—'
  const seconds = Math.round((at - now) / 1000)
  const abs = Math.abs(seconds)
  const [value, unit] = abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.round(abs / 60), 'min'] : abs < 86_400 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86_400), 'd']
  return seconds <= 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`
}

export const dateTime = (at: number | null | undefined): string => (at ? new Date(at).toLocaleString() : '—')

/** The time alone for today, the day and time otherwise: for dense lists, with `dateTime` as its tooltip. */
export function shortDateTime(at: number | null | undefined, now = Date.now()): string {
  if (!at) return '—'
  const date = new Date(at)
  if (date.toDateString() === new Date(now).toDateString()) return date.toLocaleTimeString()
  return date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export const pretty = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 2))

export { duration } from '../../../shared/text'

/** "812 KiB", "4.2 MiB", "1.3 GiB": file sizes at a glance. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 ** 2) return `${Math.max(1, Math.round(bytes / 1024))} KiB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`
}

/** Whole seconds until `until`, rounded up so "1 s" shows until the moment passes; 0 once it has. */
export const secondsLeft = (until: number, now = Date.now()): number => Math.max(0, Math.ceil((until - now) / 1000))
