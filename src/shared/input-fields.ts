/** A field of an execution's input by path: `email`, `lead.email`, `items[0].sku`. */
export const FIELD_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*|\[\d+\])*$/

/** The value at a path, undefined where any step is missing. */
export function valueAt(input: unknown, path: string): unknown {
  const steps = path.match(/[^.[\]]+/g) ?? []
  return steps.reduce<unknown>((value, step) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined), input)
}

/** Of the fields required, those the input lacks: missing, null, or blank text. */
export function missingFields(input: unknown, required: readonly string[]): string[] {
  return required.filter((path) => {
    const value = valueAt(input, path)
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  })
}
