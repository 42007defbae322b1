import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type FlowgateDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:'. */
  file: string
  migrationsDir: string
  /** A better-sqlite3 binary built for another ABI (Electron); Node's own build when absent. */
  nativeBinding?: string
  busyTimeoutMs?: number
  /** Called before migrations run on a database that has some already (an upgrade), with how many are new. */
  beforeUpgrade?: (sqlite: Database.Database, pending: number) => void
}

export interface OpenedDatabase {
  sqlite: Database.Database
  db: FlowgateDb
  close(): void
}

/** The one way the app and the tests open SQLite: durable pragmas, then every pending migration. */
export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true })
  const sqlite = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    sqlite.pragma('journal_mode = WAL')
    // FULL: a commit survives power loss, so a 2xx really means stored.
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
    const db = drizzle(sqlite, { schema })
    const pending = pendingMigrations(sqlite, options.migrationsDir)
    if (pending > 0) options.beforeUpgrade?.(sqlite, pending)
    migrate(db, { migrationsFolder: options.migrationsDir })
    return { sqlite, db, close: () => sqlite.close() }
  } catch (error) {
    sqlite.close()
    throw error
  }
}

/** The migrations a Flowgate version ships, oldest first (drizzle-kit's journal). */
export function migrationJournal(migrationsDir: string): { tag: string; when: number }[] {
  return (JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] }).entries
}

/**
 * How many of the folder's migrations this database has not had, counted as drizzle's migrator
 * decides (those newer than the last applied); 0 for a new database, which has nothing to lose.
 */
export function pendingMigrations(sqlite: Database.Database, migrationsDir: string): number {
  const tracked = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
  if (!tracked) return 0
  const last = (sqlite.prepare('select max(created_at) from __drizzle_migrations').pluck().get() as number | null) ?? 0
  return migrationJournal(migrationsDir).filter((entry) => entry.when > last).length
}
