import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export const LOCK_FILE = 'flowgate.lock'

export interface InstanceLock {
  release(): void
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string) {
    super(
      `another Flowgate is already running on the data folder ${dataDir} (the desktop app or \`npm run serve\`); ` +
        'stop it first, or give this one its own folder with FLOWGATE_DATA_DIR',
    )
    this.name = 'DataDirInUseError'
  }
}

/**
 * One core per data folder: a second would take up the queue items the first is processing
 * (start-up recovery) and call n8n twice. The lock is SQLite's own exclusive lock on a file of
 * its own, held for the core's life; the operating system drops it when the process ends,
 * however it ends, so a crash never leaves a stale lock behind.
 */
export function lockDataDir(dataDir: string, nativeBinding?: string): InstanceLock {
  fs.mkdirSync(dataDir, { recursive: true })
  const lock = new Database(path.join(dataDir, LOCK_FILE), { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) })
  try {
    // The lock file holds nothing worth an fsync; EXCLUSIVE keeps the write lock until close.
    lock.pragma('synchronous = OFF')
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.exec('create table if not exists holder (pid integer not null, since integer not null)')
    lock.prepare('delete from holder').run()
    lock.prepare('insert into holder (pid, since) values (?, ?)').run(process.pid, Date.now())
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUseError(dataDir)
    throw error
  }
  return { release: () => lock.close() }
}
