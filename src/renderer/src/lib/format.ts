/** "3 min ago", "in 2 h": short relative times for lists. */
export function relativeTime(at: number | null | undefined, now = Date.now()): string {
  if (!at) return '—'
  const seconds = Math.round((at - now) / 1000)
  const abs = Math.abs(seconds)
  const [value, unit] = abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.round(abs / 60), 'min'] : abs < 86_400 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86_400), 'd']
  return seconds <= 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`
}

export const dateTime = (at: number | null | undefined): string => (at ? new Date(at).toLocaleString() : '—')

export const pretty = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 2))

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—'
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}
