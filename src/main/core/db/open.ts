import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type FlowgateDb = BetterSQLite3Database<typeof schema>

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:'. */
  file: string
  migrationsDir: string
  /** A better-sqlite3 binary built for another ABI (Electron); Node's own build when absent. */
  nativeBinding?: string
  busyTimeoutMs?: number
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
    migrate(db, { migrationsFolder: options.migrationsDir })
    return { sqlite, db, close: () => sqlite.close() }
  } catch (error) {
    sqlite.close()
    throw error
  }
}

