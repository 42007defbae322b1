/** A moment as messages and records write it: ISO 8601, UTC. */
export const isoTime = (ms: number): string => new Date(ms).toISOString()

/** "1 approval", "3 approvals", "2 retries": a count with its noun, as every list and notice words it. */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string => `${count} ${count === 1 ? noun : nouns}`

/** The text with its first letter capitalized, to stand as a sentence of its own. */
export const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

/** "a, b ,, c" → ["a", "b", "c"]: a list typed as one line, each item trimmed, blanks dropped. */
export const commaSeparated = (line: string): string[] =>
  line
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

/** `#12` or `12` typed in a search box: a record's number (or an n8n execution id), as digits; null for anything else. */
export const searchedNumber = (search: string): string | null => /^#?(\d{1,15})$/.exec(search.trim())?.[1] ?? null

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

/** Every text in a piece of JSON data, however deep (the values, not the keys). */
export const textsIn = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.values(value).flatMap(textsIn) : []
