export interface Condition {
  sql: string
  params: unknown[]
}

/**
 * A WHERE clause from optional equality filters, for the list screens, and at most one more
 * condition (a search; several joined by allOf). Column names come from our code, never from input; values are bound
 * parameters. Unset filters are left out.
 */
export function whereEquals(filters: Record<string, unknown>, also?: Condition | null): Condition {
  const set = Object.entries(filters).filter(([, value]) => value !== undefined && value !== null && value !== '')
  const conditions = [...set.map(([column]) => `${column} = ?`), ...(also ? [also.sql] : [])]
  return {
    sql: conditions.length ? `where ${conditions.join(' and ')}` : '',
    params: [...set.map(([, value]) => value), ...(also?.params ?? [])],
  }
}

/** Every given condition at once (null when none is given). */
export function allOf(...conditions: (Condition | null)[]): Condition | null {
  const given = conditions.filter((condition): condition is Condition => condition !== null)
  if (given.length === 0) return null
  return { sql: given.map((condition) => condition.sql).join(' and '), params: given.flatMap((condition) => condition.params) }
}

/** `text` anywhere in any of `columns`, its own `%`, `_` and `\` taken literally. */
export function containsText(columns: string[], text: string): Condition {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return {
    sql: `(${columns.map((column) => `${column} like ? escape '\\'`).join(' or ')})`,
    params: columns.map(() => pattern),
  }
}
