/**
 * A WHERE clause from optional equality filters, for the list screens. Column names come
 * from our code, never from input; values are bound parameters. Unset filters are left out.
 */
export function whereEquals(filters: Record<string, unknown>): { sql: string; params: unknown[] } {
  const set = Object.entries(filters).filter(([, value]) => value !== undefined && value !== null && value !== '')
  return {
    sql: set.length ? `where ${set.map(([column]) => `${column} = ?`).join(' and ')}` : '',
    params: set.map(([, value]) => value),
  }
}
