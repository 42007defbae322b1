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

  it('says when events are stored, so an event no other change announces (a refused request) reaches the console', async () => {
    const pushed: string[] = []
    c.core.push.subscribe((message) => pushed.push(message.name))
    const monitor = c.core.internals.monitor
    for (let i = 0; i < 3; i++) monitor.record({ eventType: 'webhook_rejected', severity: 'warning', data: { reason: 'bad' } })
    await monitor.flush()
    // Stored, then announced once for the burst.
    await expect.poll(() => pushed).toEqual(['monitoring.changed'])
    expect(c.events('webhook_rejected')).toHaveLength(3)
  })

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

describe('dashboard', () => {
  it('adds up workflows, executions, approvals, errors, queue and the hourly series', async () => {
    const c = await startTestCore()
    try {
      const db = c.core.internals.database.sqlite
      const now = Date.UTC(2026, 0, 1, 12, 30)
      c.clock.set(now)
      const active = c.addWorkflow({ name: 'on' })
      const off = c.addWorkflow({ name: 'off' })
      db.prepare('update n8n_workflows set is_active = 0 where id = ?').run(off)
      const execution = db.prepare(
        'insert into workflow_executions (workflow_id, status, duration_seconds, finished_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?)',
      )
      execution.run(active, 'completed', 4, now - 1000, now - 2000, now)
      execution.run(active, 'completed', 6, now - 1000, now - 3_600_000, now)
      execution.run(active, 'failed', 2, now - 1000, now - 3_600_000, now)
      execution.run(active, 'running', null, null, now - 30 * 3_600_000, now)
      db.prepare("insert into workflow_approvals (approval_type, approval_title, status, created_at, updated_at) values ('email_send', 't', 'pending', ?, ?)").run(now, now)
      db.prepare(
        "insert into workflow_approvals (approval_type, approval_title, status, decided_at, created_at, updated_at) values ('email_send', 't', 'approved', ?, ?, ?)",
      ).run(now - 60_000, now - 180_000, now)
      db.prepare("insert into workflow_monitoring (event_type, severity, timestamp) values ('execution_failed', 'error', ?)").run(now - 5000)
      db.prepare("insert into webhook_queue (kind, webhook_payload, status, received_at, created_at, updated_at) values ('trigger', '{}', 'failed', ?, ?, ?)").run(now, now, now)

      const { status, body } = await c.admin('GET', '/api/v1/monitoring/dashboard')
      expect(status).toBe(200)
      expect(body).toMatchObject({
        workflows: { active: 1, inactive: 1 },
        executions_today: { completed: 2, failed: 1 },
        pending_approvals: 1,
        approvals_expiring_soon: 0,
        decisions_not_taken: 0,
        recent_errors: 1,
        average_execution_seconds: 4,
        queue_depth: 0,
        approval_time_to_decision: { median_seconds: 120, decided: 1 },
      })
      const series = body.executions_per_hour as { hour: number; counts: Record<string, number> }[]
      expect(series).toHaveLength(24)
      expect(series.at(-1)!.counts).toEqual({ completed: 1 })
      expect(series.at(-2)!.counts).toEqual({ completed: 1, failed: 1 })
      const week = await c.admin('GET', '/api/v1/monitoring/dashboard?range=7d')
      expect((week.body.executions_per_hour as unknown[]).length).toBe(168)
      expect((week.body.executions_per_hour as { counts: Record<string, number> }[]).reduce((n, b) => n + (b.counts.running ?? 0), 0)).toBe(1)
    } finally {
      await c.close()
    }
  })
})
