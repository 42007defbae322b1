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
    const report = (listeners: ListenerState) =>
      healthReport({ database, clock, startedAt, dataDir: temp.dir, version: '1.2.3', listeners: () => listeners })
    return { temp, database, report }
  }

  it('is ok when the database answers and both listeners are up', () => {
    const { temp, database, report } = setup()
    expect(report({ publicUrl: 'http://127.0.0.1:1', adminUrl: 'http://127.0.0.1:2' })).toMatchObject({ status: 'ok', uptimeSeconds: 90, version: '1.2.3', startedAt: '2026-01-01T00:00:00.000Z' })
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
})
