import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { migrationJournal, openDatabase } from '../../src/main/core/db/open'
import { keptCopyPath } from '../../src/main/core/db/safety-copies'
import { silentLog } from '../../src/main/core/logger'
import { findMigrationsDir } from '../../src/main/core/paths'
import { TEST_ADMIN_TOKEN } from '../helpers/core'
import { olderMigrations } from '../helpers/older-migrations'
import { tempDir } from '../helpers/temp'

const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, FLOWGATE_BACKUP_INTERVAL_HOURS: '0' }
const migrations = findMigrationsDir()
const shipped = migrationJournal(migrations).length

describe('a copy of the database before an upgrade migrates it', () => {
  let dataDir: string
  let previousMigrations: string
  const cleanups: (() => void)[] = []
  const clock = new ManualClock()
  beforeEach(() => {
    const data = tempDir()
    const older = tempDir()
    cleanups.push(data.cleanup, older.cleanup)
    dataDir = data.dir
    // The previous version: the same migrations without the newest.
    previousMigrations = olderMigrations(older.dir)
  })
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

  const applied = (file: string) => {
    const db = new Database(file, { readonly: true })
    try {
      return { migrations: db.prepare('select count(*) from __drizzle_migrations').pluck().get(), workflows: db.prepare('select workflow_name from n8n_workflows').pluck().all() }
    } finally {
      db.close()
    }
  }
  const keptCopies = () => fs.readdirSync(dataDir).filter((name) => name.startsWith('flowgate-before-upgrade-'))
  /** A data folder as the previous version left it, with one workflow. */
  const previousVersionData = () => {
    const old = openDatabase({ file: path.join(dataDir, 'flowgate.db'), migrationsDir: previousMigrations })
    old.sqlite.prepare("insert into n8n_workflows (workflow_name, created_at, updated_at) values ('made before the upgrade', 0, 0)").run()
    old.close()
  }

  it('keeps the database as the previous version left it, once, before migrating', async () => {
    previousVersionData()
    const core = createCore({ dataDir, config, clock, log: silentLog })
    await core.start()
    await core.stop()
    const kept = keptCopyPath(dataDir, 'before-upgrade', clock.now())
    expect(keptCopies()).toEqual([path.basename(kept)])
    expect(applied(kept)).toEqual({ migrations: shipped - 1, workflows: ['made before the upgrade'] })
    expect(applied(path.join(dataDir, 'flowgate.db'))).toEqual({ migrations: shipped, workflows: ['made before the upgrade'] })

    clock.advance(60_000)
    const again = createCore({ dataDir, config, clock, log: silentLog })
    await again.start()
    await again.stop()
    expect(keptCopies()).toHaveLength(1)
  })

  it('makes none for a new data folder', async () => {
    const core = createCore({ dataDir, config, clock, log: silentLog })
    await core.start()
    await core.stop()
    expect(keptCopies()).toEqual([])
  })

  it('does not upgrade when the copy cannot be made, and says why', async () => {
    previousVersionData()
    // Something already where the copy would be written.
    fs.mkdirSync(`${keptCopyPath(dataDir, 'before-upgrade', clock.now())}.partial`)
    const core = createCore({ dataDir, config, clock, log: silentLog })
    await expect(core.start()).rejects.toThrow(/^the database could not be copied before this version upgrades it \(.+\); nothing was changed — free some space in /)
    await core.stop()
    expect(applied(path.join(dataDir, 'flowgate.db'))).toEqual({ migrations: shipped - 1, workflows: ['made before the upgrade'] })
  })
})
