export interface Condition {
  sql: string
  params: unknown[]
}

/**
 * A WHERE clause from optional equality filters, for the list screens, and at most one more
 * condition (a search). Column names come from our code, never from input; values are bound
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

/** `text` anywhere in any of `columns`, its own `%`, `_` and `\` taken literally. */
export function containsText(columns: string[], text: string): Condition {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return {
    sql: `(${columns.map((column) => `${column} like ? escape '\\'`).join(' or ')})`,
    params: columns.map(() => pattern),
  }
}
