import type Database from 'better-sqlite3'

/**
 * Runs `work` as one transaction, or as a savepoint inside one already open. IMMEDIATE: such
 * work reads, then writes, and in WAL a deferred snapshot gone stale could not write.
 */
export function inTransaction<T>(sqlite: Database.Database, work: () => T): T {
  return sqlite.transaction(work).immediate()
}
