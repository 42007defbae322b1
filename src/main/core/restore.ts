import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { lockDataDir } from './db/instance-lock'
import { migrationJournal } from './db/open'
import { keptCopyPath } from './db/safety-copies'
import { discardPartial, syncFile } from './durable-file'
import { DATABASE_FILE } from './paths'

export interface RestoreOptions {
  dataDir: string
  backupFile: string
  migrationsDir: string
  /** Names the database set aside; the current time in tests. */
  now?: number
  nativeBinding?: string
}

export interface RestoreResult {
  restored: string
  /** Where the database it replaced was put, or null if there was none. */
  setAside: string | null
}

const open = (file: string, nativeBinding?: string, readonly = false) =>
  new Database(file, { fileMustExist: true, readonly, ...(nativeBinding ? { nativeBinding } : {}) })

/** The file must be a whole, uncorrupted Flowgate database that this version can open. */
export function checkBackup(file: string, migrationsDir: string, nativeBinding?: string): void {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`${file} is not a file`)
  let db: Database.Database
  try {
    db = open(file, nativeBinding, true)
  } catch (error) {
    throw new Error(`${file} cannot be opened as a database: ${(error as Error).message}`, { cause: error })
  }
  try {
    const tables = new Set(db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[])
    if (!tables.has('webhook_queue') || !tables.has('__drizzle_migrations')) throw new Error(`${file} is not a Flowgate database`)
    const integrity = db.prepare('pragma integrity_check').pluck().all() as string[]
    if (integrity.join() !== 'ok') throw new Error(`${file} is damaged: ${integrity.slice(0, 3).join('; ')}`)
    const applied = db.prepare('select count(*) from __drizzle_migrations').pluck().get() as number
    if (applied > migrationJournal(migrationsDir).length) throw new Error(`${file} was made by a newer Flowgate; restore it with that version`)
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_')) throw new Error(`${file} cannot be read as a database: ${(error as Error).message}`, { cause: error })
    throw error
  } finally {
    db.close()
  }
}

/** The copy appears under its name only once it is whole and on disk. */
function copyDurably(from: string, to: string): void {
  const partial = `${to}.partial`
  try {
    discardPartial(partial)
    fs.copyFileSync(from, partial)
    syncFile(partial)
    fs.renameSync(partial, to)
  } catch (error) {
    discardPartial(partial)
    throw error
  }
}


/**
 * Puts a backup in place of the data folder's database, with Flowgate stopped. The database
 * it replaces is kept beside it (its write-ahead log folded in first), so a restore can be
 * undone; the backup itself is only read. Older backups are brought up to date by the
 * migrations at the next start.
 */
export function restoreBackup(options: RestoreOptions): RestoreResult {
  const backup = path.resolve(options.backupFile)
  checkBackup(backup, options.migrationsDir, options.nativeBinding)
  const lock = lockDataDir(options.dataDir, options.nativeBinding)
  try {
    const live = path.join(options.dataDir, DATABASE_FILE)
    let setAside: string | null = null
    if (fs.existsSync(live)) {
      // Folding the log into the file first means the file alone is the whole database.
      const current = open(live, options.nativeBinding)
      current.pragma('wal_checkpoint(TRUNCATE)')
      current.close()
      setAside = keptCopyPath(options.dataDir, 'before-restore', options.now ?? Date.now())
      fs.renameSync(live, setAside)
      for (const suffix of ['-wal', '-shm']) fs.rmSync(live + suffix, { force: true })
    }
    try {
      copyDurably(backup, live)
    } catch (error) {
      // A failed copy (a full disk) puts the database that was there back.
      if (setAside) fs.renameSync(setAside, live)
      throw error
    }
    return { restored: live, setAside }
  } finally {
    lock.release()
  }
}
