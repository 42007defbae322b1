export const MAX_JSON_DEPTH = 64

/** `text` is what gets stored: the body decoded as UTF-8 (a leading byte-order mark dropped). */
export type ParsedBody = { ok: true; value: Record<string, unknown>; text: string } | { ok: false; message: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Depth and number checks in one walk; JSON.parse already refused anything that is not JSON. */
function findProblem(value: unknown, depth: number): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'a number is too large to represent'
  if (value === null || typeof value !== 'object') return null
  if (depth > MAX_JSON_DEPTH) return `JSON is nested deeper than ${MAX_JSON_DEPTH} levels`
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const problem = findProblem(child, depth + 1)
    if (problem) return problem
  }
  return null
}

/** The webhook body: valid UTF-8, valid JSON, an object, not absurdly deep, finite numbers. */
export function parseWebhookBody(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: false, message: 'Body is empty; send a JSON object' }
  let text: string
  try {
    text = utf8.decode(raw)
  } catch {
    return { ok: false, message: 'Body is not valid UTF-8' }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, message: `Body is not valid JSON: ${(error as Error).message}` }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'Body must be a JSON object' }
  }
  const problem = findProblem(value, 1)
  return problem ? { ok: false, message: `Body refused: ${problem}` } : { ok: true, value: value as Record<string, unknown>, text }
}
