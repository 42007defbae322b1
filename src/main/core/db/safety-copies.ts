import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { discardPartial, syncFile } from '../durable-file'

/**
 * Where the database is kept before something replaces or changes it for good: beside it in
 * the data folder, named for why and when (never among the rotated backups).
 */
export const keptCopyPath = (dataDir: string, why: 'before-restore' | 'before-upgrade', now: number) =>
  path.join(dataDir, `flowgate-${why}-${new Date(now).toISOString().replace(/[:.]/g, '-')}.db`)

/**
 * A whole copy of the database as it is before a new version's migrations change it, so an
 * upgrade can be undone by restoring it. Runs at start, before anything listens.
 */
export function copyBeforeUpgrade(sqlite: Database.Database, dataDir: string, now: number): string {
  const target = keptCopyPath(dataDir, 'before-upgrade', now)
  const partial = `${target}.partial`
  try {
    discardPartial(partial)
    sqlite.prepare('VACUUM INTO ?').run(partial)
    syncFile(partial)
    fs.renameSync(partial, target)
  } catch (error) {
    discardPartial(partial)
    // Without the copy the upgrade does not run: an old database stays as it was.
    throw new Error(`the database could not be copied before this version upgrades it (${(error as Error).message}); nothing was changed — free some space in ${dataDir} and start again`, { cause: error })
  }
  return target
}
