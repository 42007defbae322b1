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

/** "240 ms", "4.2 s", "3 min 05 s", "2 h 14 min", "4 d 12 h": as precise as a glance needs. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  // Each unit is chosen after rounding, so nothing reads "1000 ms", "60.0 s" or "1 min 60 s".
  const ms = Math.round(seconds * 1000)
  if (ms < 1000) return `${ms} ms`
  const tenths = Math.round(seconds * 10) / 10
  if (tenths < 60) return `${tenths.toFixed(1)} s`
  const whole = Math.round(seconds)
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
  const hours = Math.round(seconds / 3600)
  return `${Math.floor(hours / 24)} d ${String(hours % 24).padStart(2, '0')} h`
}

/** "812 KiB", "4.2 MiB", "1.3 GiB": file sizes at a glance. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 ** 2) return `${Math.max(1, Math.round(bytes / 1024))} KiB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`
}

/** Whole seconds until `until`, rounded up so "1 s" shows until the moment passes; 0 once it has. */
export const secondsLeft = (until: number, now = Date.now()): number => Math.max(0, Math.ceil((until - now) / 1000))
