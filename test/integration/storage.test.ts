import { describe, expect, it } from 'vitest'
import type { StorageReport } from '../../src/shared/schemas/storage'
import { corePerTest, type RunningCore } from '../helpers/core'

const DAY = 86_400_000
const HALF_HOUR = 1_800_000

describe('what takes the database’s space', () => {
  let c: RunningCore
  corePerTest({ FLOWGATE_BACKUP_INTERVAL_HOURS: '0' }, (core) => (c = core))

  it('measures each kind with its indexes, counts its rows, and says what the latest clean-up removed', async () => {
    const sqlite = c.core.internals.database.sqlite
    const insert = sqlite.prepare("insert into workflow_monitoring (event_type, severity, event_data, timestamp) values ('seeded', 'info', ?, ?)")
    sqlite.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run(JSON.stringify({ note: 'x'.repeat(200), i }), c.clock.now() - (i < 300 ? 30 * DAY - HALF_HOUR : DAY))
    })()
    const before = (await c.admin('GET', '/api/v1/system/storage')).body as unknown as StorageReport
    const events = before.parts.find((part) => part.part === 'events')!
    expect(events.rows).toBe(sqlite.prepare('select count(*) from workflow_monitoring').pluck().get())
    // 2,000 rows of ~250 bytes, with four indexes: more than the rows alone, and the biggest part.
    expect(events.bytes).toBeGreaterThan(500_000)
    expect(before.parts[0]!.part).toBe('events')
    expect(before.parts.find((part) => part.part === 'other')!.rows).toBeNull()
    const pageBytes = (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number)
    expect(before.parts.reduce((sum, part) => sum + part.bytes, 0) + before.free_bytes).toBeLessThanOrEqual(pageBytes)
    expect(before.file_bytes + before.wal_bytes).toBeGreaterThanOrEqual(pageBytes)

    // An hour on, 300 are past the 30 days kept, and the clean-up is due whenever it last ran.
    c.clock.advance(3_600_000)
    await c.tick()
    const after = (await c.admin('GET', '/api/v1/system/storage')).body as unknown as StorageReport
    expect(after.last_cleanup).toEqual({ at: c.clock.now(), removed: { events: 300, webhooks: 0, calls: 0, executions: 0 } })
    expect(after.parts.find((part) => part.part === 'events')!.rows).toBe(sqlite.prepare('select count(*) from workflow_monitoring').pluck().get())
    expect(after.next_cleanup_at).toBeGreaterThan(c.clock.now())
  })

  it('cleans up at once when a period is shortened, not within the hour', async () => {
    const sqlite = c.core.internals.database.sqlite
    sqlite.prepare("insert into workflow_monitoring (event_type, severity, event_data, timestamp) values ('seeded', 'info', '{}', ?)").run(c.clock.now() - 20 * DAY)
    await c.tick()
    const count = () => sqlite.prepare("select count(*) from workflow_monitoring where event_type = 'seeded'").pluck().get()
    expect(count()).toBe(1)
    expect((await c.admin('POST', '/api/v1/rpc/settings.update', { values: { MONITORING_RETENTION_DAYS: 10 } })).status).toBe(200)
    await c.tick()
    expect(count()).toBe(0)
    expect(((await c.admin('GET', '/api/v1/system/storage')).body as unknown as StorageReport).last_cleanup).toEqual({ at: c.clock.now(), removed: { events: 1, webhooks: 0, calls: 0, executions: 0 } })
  })
})
