import { z } from 'zod'
import { kindOf } from './input-shape'

/** A field of an execution's input by path: `email`, `lead.email`, `items[0].sku`. */
export const FIELD_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*|\[\d+\])*$/

/** What a required field may be asked to hold, and how the answer says it. */
export const INPUT_KINDS = {
  text: 'text',
  number: 'a number',
  boolean: 'true or false',
  email: 'an e-mail address',
  url: 'an http or https address',
  list: 'a list with at least one item',
  object: 'an object',
} as const
export type InputKind = keyof typeof INPUT_KINDS

/** A required field as written: `email`, or with the kind it must hold, `email: email`. */
export interface FieldRule {
  path: string
  kind: InputKind | null
}

export const FIELD_RULE_HINT = `must be a field name joined by "." (lead.email), with [n] for a list item, optionally followed by ": kind" (${Object.keys(INPUT_KINDS).join(', ')})`

const isKind = (word: string): word is InputKind => Object.hasOwn(INPUT_KINDS, word)

/** `lead.email : Email` → { path: 'lead.email', kind: 'email' }; null when it is neither a path nor a path and a kind. */
export function parseFieldRule(entry: string): FieldRule | null {
  const [path = '', kind, ...rest] = entry.split(':').map((part) => part.trim())
  if (rest.length > 0 || !FIELD_PATH.test(path)) return null
  if (kind === undefined) return { path, kind: null }
  const word = kind.toLowerCase()
  return isKind(word) ? { path, kind: word } : null
}

/** The one way a rule is stored and shown: `email` or `email: email`. */
export const formatFieldRule = (rule: FieldRule): string => (rule.kind ? `${rule.path}: ${rule.kind}` : rule.path)

/** A stored rule for a person: `email: email` → `email (an e-mail address)`. */
export function describeFieldRule(entry: string): string {
  const rule = parseFieldRule(entry)
  return rule?.kind ? `${rule.path} (${INPUT_KINDS[rule.kind]})` : entry
}

/** The value at a path, undefined where any step is missing. */
export function valueAt(input: unknown, path: string): unknown {
  const steps = path.match(/[^.[\]]+/g) ?? []
  return steps.reduce<unknown>((value, step) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined), input)
}

const emailAddress = z.email()

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

const HOLDS: Record<InputKind, (value: unknown) => boolean> = {
  text: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
  email: (value) => typeof value === 'string' && emailAddress.safeParse(value.trim()).success,
  url: (value) => typeof value === 'string' && isWebAddress(value.trim()),
  list: (value) => Array.isArray(value) && value.length > 0,
  object: (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

export interface InputProblem {
  path: string
  /** Missing, null or blank text; otherwise present but not the kind asked for. */
  missing: boolean
  kind: InputKind | null
  /** What the value is instead (`text`, `a number`…), the value itself left out. */
  found?: string
}

/** Of the rules given (as stored), those the input breaks, in their order. */
export function inputProblems(input: unknown, rules: readonly string[]): InputProblem[] {
  return rules.flatMap((entry): InputProblem[] => {
    const rule = parseFieldRule(entry)
    if (!rule) return []
    const value = valueAt(input, rule.path)
    if (isMissing(value)) return [{ path: rule.path, missing: true, kind: rule.kind }]
    return rule.kind && !HOLDS[rule.kind](value) ? [{ path: rule.path, missing: false, kind: rule.kind, found: kindOf(value) }] : []
  })
}

const TEXTUAL = new Set<InputKind>(['text', 'email', 'url'])

/** "email, lead.phone are missing or empty; amount must be a number (it is text)". */
export function describeInputProblems(problems: readonly InputProblem[]): string {
  const missing = problems.filter((p) => p.missing).map((p) => p.path)
  const said = missing.length === 0 ? [] : [`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing or empty`]
  for (const p of problems) {
    if (p.missing || !p.kind) continue
    // An address that is not one is still text: saying so would add nothing.
    const instead = p.found && !(p.found === 'text' && TEXTUAL.has(p.kind)) ? ` (it is ${p.found})` : ''
    said.push(`${p.path} must be ${INPUT_KINDS[p.kind]}${instead}`)
  }
  return said.join('; ')
}

/** The kind a value that worked shows, the narrowest first: an address is text too, but `email` says more. */
function kindShown(value: unknown): InputKind | null {
  const narrowest: InputKind[] = ['email', 'url', 'text', 'number', 'boolean', 'list', 'object']
  return isMissing(value) ? null : (narrowest.find((kind) => HOLDS[kind](value)) ?? null)
}

/** Rules an input that worked would pass, one per top-level field it filled: a start for the operator to trim. */
export function suggestFieldRules(worked: unknown): string[] {
  if (worked === null || typeof worked !== 'object' || Array.isArray(worked)) return []
  return Object.entries(worked).flatMap(([key, value]) => {
    const kind = FIELD_PATH.test(key) ? kindShown(value) : null
    return kind ? [formatFieldRule({ path: key, kind })] : []
  })
}

/** The operator's rules kept as written, with the suggested ones for fields they do not name yet. */
export function addSuggestedRules(current: readonly string[], suggested: readonly string[]): string[] {
  const named = new Set(current.map((entry) => parseFieldRule(entry)?.path ?? entry))
  return [...current, ...suggested.filter((entry) => !named.has(parseFieldRule(entry)?.path ?? entry))]
}
