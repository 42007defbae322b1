/** A moment as messages and records write it: ISO 8601, UTC. */
export const isoTime = (ms: number): string => new Date(ms).toISOString()

/** "1 approval", "3 approvals", "2 retries": a count with its noun, as every list and notice words it. */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string => `${count} ${count === 1 ? noun : nouns}`

/** "a, b ,, c" → ["a", "b", "c"]: a list typed as one line, each item trimmed, blanks dropped. */
export const commaSeparated = (line: string): string[] =>
  line
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

/** `#12` or `12` typed in a search box: a record's number (or an n8n execution id), as digits; null for anything else. */
export const searchedNumber = (search: string): string | null => /^#?(\d{1,15})$/.exec(search.trim())?.[1] ?? null
