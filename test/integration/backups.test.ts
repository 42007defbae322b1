import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import type { BackupStatus } from '../../src/shared/schemas/monitoring'
import { startTestCore, TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'
import { tempDir } from '../helpers/temp'

const MIN = 60_000
const HOUR = 60 * MIN

describe('automatic backups', () => {
  const cores: RunningCore[] = []
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()))
  })
  const start = async (config: Record<string, string> = {}) => {
    const c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, ...config })
    cores.push(c)
    return c
  }
  const status = async (c: RunningCore) => (await c.admin('GET', '/api/v1/system/backups')).body as unknown as BackupStatus
  /** Moves the clock, runs what is due, and waits for a backup that started to end. */
  const after = async (c: RunningCore, ms: number) => {
    c.clock.advance(ms)
    await c.tick()
    await c.core.internals.backups.idle()
  }
  const events = (c: RunningCore, type: string) =>
    c.core.internals.database.sqlite.prepare('select event_data from workflow_monitoring where event_type = ? order by id').pluck().all(type) as string[]
  const flushEvents = (c: RunningCore) => c.core.internals.monitor.flush()
  const rowsIn = (file: string, sql: string) => {
    const copy = new Database(file, { readonly: true })
    try {
      return copy.prepare(sql).pluck().get()
    } finally {
      copy.close()
    }
  }

  it('backs up a few minutes after start, then every interval, into the data folder', async () => {
    const c = await start()
    c.addWorkflow({ name: 'in every backup' })
    const folder = path.join(c.dataDir, 'backups')
    const first = await status(c)
    expect(first).toMatchObject({ enabled: true, intervalHours: 24, keep: 7, folder, running: false, lastError: null, files: [], nextAt: c.clock.now() + 5 * MIN })
    expect((await c.admin('GET', '/api/v1/health')).body.checks).toMatchObject({ backup: { status: 'ok', detail: 'none yet, next in 5 min' } })

    await after(c, 4 * MIN)
    expect(fs.existsSync(folder)).toBe(false)
    await after(c, MIN)
    const made = await status(c)
    expect(made.files).toEqual([expect.objectContaining({ name: 'flowgate-2026-01-01-000500Z.db', at: Date.UTC(2026, 0, 1, 0, 5) })])
    const file = made.files[0]!
    expect(file.bytes).toBe(fs.statSync(file.path).size)
    expect(rowsIn(file.path, 'select workflow_name from n8n_workflows')).toBe('in every backup')
    expect(made.nextAt).toBe(file.at + 24 * HOUR)
    await flushEvents(c)
    expect(events(c, 'backup_completed').map((e) => JSON.parse(e))).toEqual([expect.objectContaining({ file: file.path, bytes: file.bytes, removed: 0 })])
    expect((await c.admin('GET', '/api/v1/health')).body.checks).toMatchObject({ backup: { status: 'ok', detail: 'last 1 min ago, next in 24 h' } })

    await after(c, 23 * HOUR)
    expect((await status(c)).files).toHaveLength(1)
    await after(c, HOUR)
    expect((await status(c)).files.map((f) => f.name)).toEqual(['flowgate-2026-01-02-000500Z.db', 'flowgate-2026-01-01-000500Z.db'])
  })

  it('keeps the newest backups it made and never touches other files in the folder', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const c = await start({ FLOWGATE_BACKUP_DIR: dir, FLOWGATE_BACKUP_INTERVAL_HOURS: '1', FLOWGATE_BACKUP_KEEP: '3' })
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine')
      fs.writeFileSync(path.join(dir, 'flowgate-mine.db'), 'mine')
      fs.writeFileSync(path.join(dir, 'flowgate-2025-12-31-230000Z.db.partial'), 'half a backup from a crash')
      await after(c, 5 * MIN)
      expect(fs.existsSync(path.join(dir, 'flowgate-2025-12-31-230000Z.db.partial'))).toBe(false)
      for (let i = 0; i < 4; i++) await after(c, HOUR)
      const kept = (await status(c)).files.map((f) => f.name)
      expect(kept).toEqual(['flowgate-2026-01-01-040500Z.db', 'flowgate-2026-01-01-030500Z.db', 'flowgate-2026-01-01-020500Z.db'])
      expect(fs.readdirSync(dir).sort()).toEqual([...kept, 'flowgate-mine.db', 'notes.txt'].sort())
      await flushEvents(c)
      expect(events(c, 'backup_completed').map((e) => JSON.parse(e).removed)).toEqual([0, 0, 0, 1, 1])
      // One moved away by hand is no longer listed.
      fs.rmSync(path.join(dir, kept[0]!))
      expect((await status(c)).files.map((f) => f.name)).toEqual(kept.slice(1))
    } finally {
      cleanup()
    }
  })

  it('backs up now on demand, into the folder or to a file the operator names', async () => {
    const c = await start({ FLOWGATE_BACKUP_INTERVAL_HOURS: '0' })
    const now = await c.admin('POST', '/api/v1/system/backup')
    expect(now.status).toBe(200)
    expect(now.body.path).toBe(path.join(c.dataDir, 'backups', 'flowgate-2026-01-01-000000Z.db'))
    // A second one in the same second gets a name of its own and sorts as the newer.
    const again = await c.admin('POST', '/api/v1/system/backup', {})
    expect(again.body.path).toBe(path.join(c.dataDir, 'backups', 'flowgate-2026-01-01-000000Z-2.db'))
    expect((await status(c)).files.map((f) => f.name)).toEqual(['flowgate-2026-01-01-000000Z-2.db', 'flowgate-2026-01-01-000000Z.db'])
    const chosen = path.join(c.dataDir, 'elsewhere.db')
    expect(await c.admin('POST', '/api/v1/system/backup', { path: chosen })).toMatchObject({ status: 200, body: { path: chosen } })
    expect((await status(c)).files).toHaveLength(2)
  })

  it('turned off, it makes none and health says so', async () => {
    const c = await start({ FLOWGATE_BACKUP_INTERVAL_HOURS: '0' })
    await after(c, 48 * HOUR)
    expect(await status(c)).toMatchObject({ enabled: false, nextAt: null, files: [] })
    expect((await c.admin('GET', '/api/v1/health')).body).toMatchObject({ status: 'ok', checks: { backup: { status: 'off', detail: 'automatic backups are off; none yet' } } })
  })

  it('reports a failed backup, tries again within the hour, and recovers', async () => {
    const c = await start()
    const blocked = path.join(c.dataDir, 'not-a-folder')
    fs.writeFileSync(blocked, 'a file where the folder should be')
    const saved = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_BACKUP_DIR: path.join(blocked, 'backups') } })
    expect(saved.status).toBe(200)
    const refused = await c.admin('POST', '/api/v1/system/backup')
    expect(refused.status).toBe(503)
    expect(refused.body.message).toMatch(/^Backup into .*not-a-folder.backups failed: /)
    const failed = await status(c)
    expect(failed.lastError).toMatchObject({ at: c.clock.now() })
    expect(failed.nextAt).toBe(c.clock.now() + HOUR)
    const health = (await c.admin('GET', '/api/v1/health')).body
    expect(health).toMatchObject({ status: 'degraded', checks: { backup: { status: 'degraded' } } })
    expect((health.checks as { backup: { detail: string } }).backup.detail).toMatch(/^backup failed: .*; none yet$/)
    await flushEvents(c)
    expect(events(c, 'backup_failed')).toHaveLength(1)
    expect(c.count("workflow_monitoring where event_type = 'backup_failed' and severity = 'error'")).toBe(1)

    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_BACKUP_DIR: null } })
    await after(c, HOUR)
    const recovered = await status(c)
    expect(recovered.lastError).toBeNull()
    expect(recovered.files).toHaveLength(1)
    expect((await c.admin('GET', '/api/v1/health')).body.status).toBe('ok')
  })

  it('refuses a backup folder that is not an absolute path, and changes nothing', async () => {
    const c = await start()
    const refused = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_BACKUP_DIR: 'backups' } })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({ code: 'validation', message: expect.stringContaining('FLOWGATE_BACKUP_DIR="backups": must be an absolute path') })
    expect((await status(c)).folder).toBe(path.join(c.dataDir, 'backups'))
  })

  it('copies one consistent moment while webhooks keep being committed', async () => {
    const c = await start()
    const workflowId = c.addWorkflow()
    const body = JSON.stringify({ event: 'lead.created', data: { n: 1 } })
    const send = () =>
      fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET) }, body }).then((r) => r.status)
    // Enough rows that the copy takes a while, then a backup with intake running beside it.
    const sqlite = c.core.internals.database.sqlite
    const insert = sqlite.prepare("insert into webhook_queue (workflow_id, kind, webhook_payload, headers, source, status, received_at, created_at, updated_at) values (?, 'trigger', ?, '{}', 'seed', 'completed', 0, 0, 0)")
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(workflowId, JSON.stringify({ event: 'seed', data: { i, pad: 'x'.repeat(200) } }))
    })()
    const backup = c.admin('POST', '/api/v1/system/backup')
    const statuses = await Promise.all(Array.from({ length: 200 }, send))
    const made = await backup
    expect(statuses.every((s) => s === 202)).toBe(true)
    expect(made.status).toBe(200)
    const file = made.body.path as string
    const copied = rowsIn(file, 'select count(*) from webhook_queue') as number
    expect(copied).toBeGreaterThanOrEqual(20_000)
    // Whatever moment it copied, the trigger-kept counts agree with the rows of that moment.
    expect(rowsIn(file, 'select sum(n) from webhook_queue_counts')).toBe(copied)
    expect(rowsIn(file, 'pragma integrity_check')).toBe('ok')
  })

  it('a restarted core counts the backups already made', async () => {
    const { dir, cleanup } = tempDir()
    const clock = new ManualClock()
    const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN }
    try {
      const first = createCore({ dataDir: dir, config, clock, log: silentLog })
      await first.start()
      await first.api['system.backup'](undefined)
      await first.stop()
      clock.advance(2 * HOUR)
      const second = createCore({ dataDir: dir, config, clock, log: silentLog })
      await second.start()
      const seen = await second.api['system.backups'](undefined)
      expect(seen.files.map((f) => f.name)).toEqual(['flowgate-2026-01-01-000000Z.db'])
      expect(seen.nextAt).toBe(Date.UTC(2026, 0, 2))
      await second.stop()
    } finally {
      cleanup()
    }
  })
})
