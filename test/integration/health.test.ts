import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import { openDatabase } from '../../src/main/core/db/open'
import { healthReport, type ListenerState } from '../../src/main/core/health'
import { findMigrationsDir } from '../../src/main/core/paths'
import { tempDir } from '../helpers/temp'

describe('health report', () => {
  const setup = () => {
    const temp = tempDir()
    const database = openDatabase({ file: path.join(temp.dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    const clock = new ManualClock()
    const startedAt = clock.now()
    clock.advance(90_000)
    let lag = 0
    let waiting = 0
    let globalSecret = true
    const report = (listeners: ListenerState) =>
      healthReport({ database, clock, startedAt, dataDir: temp.dir, version: '1.2.3', listeners: () => listeners, scheduler: () => ({ lagMs: lag, waitingMs: waiting }), globalSecretSet: () => globalSecret })
    const setLag = (ms: number, waitingMs = 0) => ((lag = ms), (waiting = waitingMs))
    const setGlobalSecret = (set: boolean) => (globalSecret = set)
    return { temp, database, report, clock, setLag, setGlobalSecret }
  }

  it('is ok when the database answers and both listeners are up', () => {
    const { temp, database, report } = setup()
    expect(report({ publicUrl: 'http://127.0.0.1:1', adminUrl: 'http://127.0.0.1:2' })).toMatchObject({ status: 'ok', uptimeSeconds: 90, version: '1.2.3', startedAt: '2026-01-01T00:00:00.000Z' })
    database.close()
    temp.cleanup()
  })

  it('reports a late scheduler and a stale queue as degraded, with free disk space', () => {
    const { temp, database, report, clock, setLag } = setup()
    const up = { publicUrl: 'http://127.0.0.1:1', adminUrl: 'http://127.0.0.1:2' }
    expect(report(up).checks.disk.detail).toMatch(/GiB free/)
    const now = clock.now()
    database.sqlite
      .prepare("insert into webhook_queue (kind, webhook_payload, status, received_at, created_at, updated_at) values ('trigger', '{}', 'queued', ?, ?, ?)")
      .run(now, now, now)
    expect(report(up).checks.queue).toEqual({ status: 'ok', detail: '1 waiting, oldest 0 s' })
    clock.advance(11 * 60_000)
    setLag(6_000)
    const late = report(up)
    expect(late.status).toBe('degraded')
    expect(late.checks.queue).toEqual({ status: 'degraded', detail: '1 waiting, oldest 660 s' })
    expect(late.checks.scheduler).toEqual({ status: 'degraded', detail: 'last run 6000 ms late' })
    // Ticks that stop altogether show as new work left waiting for one.
    setLag(0, 7_400)
    expect(report(up).checks.scheduler).toEqual({ status: 'degraded', detail: 'new work has waited 7 s for a run' })
    setLag(0, 300)
    expect(report(up).checks.scheduler).toEqual({ status: 'ok', detail: 'last run 0 ms late' })
    database.close()
    temp.cleanup()
  })

  it('reports, never throws, when the database is gone or a listener is down', () => {
    const { temp, database, report: reportFor } = setup()
    database.close()
    const report = reportFor({ publicUrl: null, adminUrl: 'http://127.0.0.1:2' })
    expect(report.status).toBe('degraded')
    expect(report.checks.database).toMatchObject({ status: 'down' })
    expect(report.checks.database.detail).toMatch(/SQLite error: .*not open/)
    expect(report.checks.publicListener).toEqual({ status: 'down', detail: 'not listening' })
    expect(report.checks.adminListener.status).toBe('ok')
    temp.cleanup()
  })

  it('says the public door refuses everything while no webhook secret is set anywhere', () => {
    const { temp, database, report, clock, setGlobalSecret } = setup()
    const up = { publicUrl: 'http://127.0.0.1:1', adminUrl: 'http://127.0.0.1:2' }
    setGlobalSecret(false)
    // Not set up rather than broken, as an n8n API without its key: the report as a whole stays ok.
    expect(report(up)).toMatchObject({
      status: 'ok',
      checks: { publicListener: { status: 'off', detail: 'listening on http://127.0.0.1:1, but refusing every webhook: no webhook secret is set (Settings → Webhook secret)' } },
    })
    // A workflow with a secret of its own lets its webhooks in: the door is open for it.
    const now = clock.now()
    const add = database.sqlite.prepare('insert into n8n_workflows (workflow_name, webhook_secret, deleted_at, created_at, updated_at) values (?, ?, ?, ?, ?)')
    add.run('gone', 'sealed', now, now, now)
    expect(report(up).checks.publicListener.status).toBe('off')
    add.run('own secret', 'sealed', null, now, now)
    expect(report(up).checks.publicListener).toEqual({ status: 'ok', detail: 'listening on http://127.0.0.1:1' })
    database.close()
    temp.cleanup()
  })
})
