/** What kind of value a field holds, as a person reads it. Values themselves are left aside. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)'
  if (typeof value === 'string') return value.trim() === '' ? 'empty text' : 'text'
  if (typeof value === 'number') return 'a number'
  if (typeof value === 'boolean') return 'true/false'
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list'
  return Object.keys(value).length === 0 ? 'an empty object' : 'an object'
}

export interface ShapeDifference {
  /** `email`, `lead.address.city`, `items[0].sku` */
  path: string
  change: 'missing' | 'new' | 'kind'
  /** The kind it had in the run that worked, and has now. */
  before?: string
  after?: string
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)
const MAX_DEPTH = 6
const MAX_DIFFERENCES = 50

/**
 * Where an input's shape differs from one that worked: fields missing or new, and fields whose kind
 * changed (a number now null, text now empty). Different values of the same kind are no
 * difference: every lead has another e-mail address. Lists are compared by their first item.
 */
export function shapeDifferences(worked: unknown, now: unknown): ShapeDifference[] {
  const found: ShapeDifference[] = []
  const walk = (a: unknown, b: unknown, path: string, depth: number) => {
    if (found.length >= MAX_DIFFERENCES) return
    if (kindOf(a) !== kindOf(b)) {
      found.push({ path: path || '(the whole input)', change: 'kind', before: kindOf(a), after: kindOf(b) })
      return
    }
    if (depth >= MAX_DEPTH) return
    if (Array.isArray(a) && Array.isArray(b) && a.length && b.length) walk(a[0], b[0], `${path}[0]`, depth + 1)
    if (!isObject(a) || !isObject(b)) return
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = path ? `${path}.${key}` : key
      if (!(key in b)) found.push({ path: at, change: 'missing', before: kindOf(a[key]) })
      else if (!(key in a)) found.push({ path: at, change: 'new', after: kindOf(b[key]) })
      else walk(a[key], b[key], at, depth + 1)
    }
  }
  walk(worked, now, '', 0)
  return found.slice(0, MAX_DIFFERENCES)
}

/** A difference as one line: "email: missing (was text)", "lead_score: a number before, nothing (null) now". */
export function shapeLine(difference: ShapeDifference): string {
  if (difference.change === 'missing') return `${difference.path}: missing (was ${difference.before})`
  if (difference.change === 'new') return `${difference.path}: new (${difference.after})`
  return `${difference.path}: ${difference.before} before, ${difference.after} now`
}
