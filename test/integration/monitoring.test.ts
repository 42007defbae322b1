import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestCore, type RunningCore } from '../helpers/core'
import { tempDir } from '../helpers/temp'

const DAY = 86_400_000

describe('monitoring events, errors, retention and backup', () => {
  let c: RunningCore
  beforeEach(async () => {
    c = await startTestCore()
  })
  afterEach(async () => {
    await c.close()
  })

  const addEvents = (rows: [type: string, severity: string, timestamp: number, workflowId?: number][]) => {
    const insert = c.core.internals.database.sqlite.prepare(
      "insert into workflow_monitoring (workflow_id, event_type, severity, event_data, timestamp) values (?, ?, ?, '{\"n\":1}', ?)",
    )
    for (const [type, severity, timestamp, workflowId] of rows) insert.run(workflowId ?? null, type, severity, timestamp)
  }

  it('lists events newest first with filters, and errors of the last hours', async () => {
    const now = c.clock.now()
    addEvents([
      ['execution_created', 'info', now - 3000, 1],
      ['dispatch_retry', 'warning', now - 2000, 1],
      ['execution_failed', 'error', now - 1000, 2],
      ['execution_failed', 'critical', now - 30 * 3_600_000, 2],
    ])
    const all = await c.admin('GET', '/api/v1/monitoring/events?limit=3')
    expect((all.body.items as { event_type: string }[]).map((e) => e.event_type)).toEqual(['execution_failed', 'dispatch_retry', 'execution_created'])
    const ofWorkflow = await c.admin('GET', '/api/v1/monitoring/events?workflow_id=1&severity=warning')
    expect(ofWorkflow.body.items).toEqual([expect.objectContaining({ event_type: 'dispatch_retry', event_data: { n: 1 } })])
    const errors = await c.admin('GET', '/api/v1/monitoring/errors?hours=24')
    expect((errors.body.items as { severity: string }[]).map((e) => e.severity)).toEqual(['error'])
    expect(((await c.admin('GET', '/api/v1/monitoring/errors?hours=48')).body.items as unknown[]).length).toBe(2)
    expect((await c.admin('GET', '/api/v1/monitoring/events?severity=fatal')).status).toBe(400)
  })

  it('deletes events past the retention period and keeps the rest', async () => {
    const now = c.clock.now()
    addEvents(Array.from({ length: 12_000 }, (_, i) => ['old', 'info', now - 40 * DAY + i] as [string, string, number]))
    addEvents([['recent', 'info', now - 29 * DAY]])
    await c.core.internals.scheduler.tick()
    const db = c.core.internals.database.sqlite
    expect(db.prepare("select count(*) from workflow_monitoring where event_type = 'old'").pluck().get()).toBe(0)
    expect(db.prepare("select count(*) from workflow_monitoring where event_type = 'recent'").pluck().get()).toBe(1)
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { MONITORING_RETENTION_DAYS: 7 } })
    c.clock.advance(2 * 3_600_000)
    await c.core.internals.scheduler.tick()
    expect(db.prepare("select count(*) from workflow_monitoring where event_type = 'recent'").pluck().get()).toBe(0)
  })

  it('backs up to a new file that opens as a complete database', async () => {
    c.addWorkflow({ name: 'kept in the backup' })
    const { dir, cleanup } = tempDir()
    try {
      const target = path.join(dir, 'flowgate-backup.db')
      const backup = await c.admin('POST', '/api/v1/system/backup', { path: target })
      expect(backup).toMatchObject({ status: 200, body: { path: target } })
      expect(backup.body.bytes).toBe(fs.statSync(target).size)
      const copy = new Database(target, { readonly: true })
      expect(copy.prepare('select workflow_name from n8n_workflows').pluck().all()).toEqual(['kept in the backup'])
      copy.close()
      expect(await c.admin('POST', '/api/v1/system/backup', { path: target })).toMatchObject({ status: 409 })
      expect((await c.admin('POST', '/api/v1/system/backup', { path: path.join(dir, 'nope', 'x.db') })).status).toBe(400)
      expect((await c.admin('POST', '/api/v1/system/backup', { path: path.join(dir, 'x.txt') })).status).toBe(400)
    } finally {
      cleanup()
    }
  })
})
