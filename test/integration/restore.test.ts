import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { findMigrationsDir } from '../../src/main/core/paths'
import { restoreBackup } from '../../src/main/core/restore'
import { workflowCreateSchema } from '../../src/shared/schemas/workflows'
import { TEST_ADMIN_TOKEN } from '../helpers/core'
import { tempDir } from '../helpers/temp'

const root = path.resolve(__dirname, '..', '..')
const migrationsDir = findMigrationsDir()
const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, FLOWGATE_BACKUP_INTERVAL_HOURS: '0' }

describe('restoring a backup', () => {
  let dataDir: string
  let cleanup: () => void
  const clock = new ManualClock()
  beforeEach(() => ({ dir: dataDir, cleanup } = tempDir()))
  afterEach(() => cleanup())

  const core = () => createCore({ dataDir, config, clock, log: silentLog })
  const names = (c: Core) => c.internals.database.sqlite.prepare('select workflow_name from n8n_workflows order by id').pluck().all()
  const addWorkflow = (c: Core, name: string) => c.api['workflows.create'](workflowCreateSchema.parse({ workflow_name: name }))
  const liveBytes = () => fs.readFileSync(path.join(dataDir, 'flowgate.db'))

  /** A data folder with workflow "kept" in its backup and "later" added after it; the backup's path. */
  const backedUpThenChanged = async () => {
    const c = core()
    await c.start()
    await addWorkflow(c, 'kept')
    const backup = await c.api['system.backup'](undefined)
    await addWorkflow(c, 'later')
    await c.stop()
    return backup.path
  }

  it('puts the backup in place, keeps the replaced database beside it, and the next start uses it', async () => {
    const backup = await backedUpThenChanged()
    const backupBytes = fs.readFileSync(backup)
    const result = restoreBackup({ dataDir, backupFile: backup, migrationsDir, now: Date.UTC(2026, 0, 2) })
    expect(result).toEqual({ restored: path.join(dataDir, 'flowgate.db'), setAside: path.join(dataDir, 'flowgate-before-restore-2026-01-02T00-00-00-000Z.db') })
    expect(fs.readFileSync(backup).equals(backupBytes)).toBe(true)
    expect(fs.existsSync(path.join(dataDir, 'flowgate.db-wal'))).toBe(false)
    // The replaced database is whole on its own: its log was folded in before it was moved.
    const replaced = new Database(result.setAside!, { readonly: true })
    expect(replaced.prepare('select workflow_name from n8n_workflows order by id').pluck().all()).toEqual(['kept', 'later'])
    replaced.close()
    const restarted = core()
    await restarted.start()
    expect(names(restarted)).toEqual(['kept'])
    await restarted.stop()
  })

  it('refuses while Flowgate runs on the folder, and changes nothing', async () => {
    const backup = await backedUpThenChanged()
    const running = core()
    await running.start()
    try {
      const before = liveBytes()
      expect(() => restoreBackup({ dataDir, backupFile: backup, migrationsDir })).toThrow(/another Flowgate is already running on the data folder/)
      expect(liveBytes().equals(before)).toBe(true)
      expect(names(running)).toEqual(['kept', 'later'])
    } finally {
      await running.stop()
    }
  })

  it('refuses files that are not a whole Flowgate database this version can open', async () => {
    const backup = await backedUpThenChanged()
    const { dir, cleanup: cleanupFiles } = tempDir()
    try {
      const file = (name: string, make: (file: string) => void) => {
        const target = path.join(dir, name)
        make(target)
        return target
      }
      const notes = file('notes.db', (f) => fs.writeFileSync(f, 'not a database at all, just some text that is long enough'))
      const foreign = file('foreign.db', (f) => new Database(f).exec('create table t (x)').close())
      const newer = file('newer.db', (f) => {
        fs.copyFileSync(backup, f)
        new Database(f).exec("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', 0)").close()
      })
      const damaged = file('damaged.db', (f) => {
        const bytes = fs.readFileSync(backup)
        // Scribble over the header of every page after the first: no table reads back whole.
        for (let page = 4096; page < bytes.length; page += 4096) bytes.fill(0x5a, page, page + 16)
        fs.writeFileSync(f, bytes)
      })
      const cases: [string, RegExp][] = [
        [path.join(dir, 'missing.db'), /missing\.db is not a file/],
        [dir, /is not a file/],
        [notes, /notes\.db cannot be (opened|read) as a database/],
        [foreign, /foreign\.db is not a Flowgate database/],
        [newer, /newer\.db was made by a newer Flowgate/],
        [damaged, /damaged\.db (is damaged|cannot be read as a database)/],
      ]
      const before = liveBytes()
      for (const [backupFile, message] of cases) {
        expect(() => restoreBackup({ dataDir, backupFile, migrationsDir }), backupFile).toThrow(message)
      }
      expect(liveBytes().equals(before)).toBe(true)
      expect(fs.readdirSync(dataDir).filter((name) => name.includes('before-restore'))).toEqual([])
    } finally {
      cleanupFiles()
    }
  })

  it('is a command: npm run restore -- <file>, with the data folder from the environment', async () => {
    const backup = await backedUpThenChanged()
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/main/restore.ts', ...args], { cwd: root, env: { ...process.env, FLOWGATE_DATA_DIR: dataDir }, encoding: 'utf8' })
    const usage = run()
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('usage: npm run restore -- <backup file>')
    const refused = run(path.join(dataDir, 'nope.db'))
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('restore refused: ')
    expect(refused.stderr).toContain('nothing was changed')
    const done = run(backup)
    expect(done.stderr).toContain(`restored ${backup} as ${path.join(dataDir, 'flowgate.db')}`)
    expect(done.stderr).toMatch(/the database it replaced is kept as .*flowgate-before-restore-.*\.db/)
    expect(done.status).toBe(0)
    const restarted = core()
    await restarted.start()
    expect(names(restarted)).toEqual(['kept'])
    await restarted.stop()
  })
})
