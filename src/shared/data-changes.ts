import diff from 'microdiff'

export interface DataChange {
  /** Where, as a person reads it: `subject`, `recipients[3]`, `lead.email`. */
  path: string
  change: 'added' | 'removed' | 'changed'
  before?: unknown
  after?: unknown
}

const pathText = (path: (string | number)[]) =>
  path.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : text ? `${text}.${step}` : step), '')

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

/** What a person changed in an approval's data before approving it, field by field. */
export function dataChanges(before: unknown, after: unknown): DataChange[] {
  return diff(asObject(before), asObject(after)).map((d) => {
    if (d.type === 'CREATE') return { path: pathText(d.path), change: 'added', after: d.value }
    if (d.type === 'REMOVE') return { path: pathText(d.path), change: 'removed', before: d.oldValue }
    return { path: pathText(d.path), change: 'changed', before: d.oldValue, after: d.value }
  })
}

/** The changed places in a few words: "subject, recipients[3] and 2 more". */
export function describeChanges(changes: DataChange[], shown = 3): string {
  const paths = changes.map((c) => c.path || '(the whole data)')
  if (paths.length <= shown) return paths.length > 1 ? `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}` : (paths[0] ?? '')
  return `${paths.slice(0, shown).join(', ')} and ${paths.length - shown} more`
}
