import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { Retention } from '../../src/main/core/retention'
import { tempDir } from '../helpers/temp'

const DAY = 86_400_000

describe('retention', () => {
  it('deletes in small batches, each after the writer thread went quiet, with the event loop free between them', async () => {
    const { dir, cleanup } = tempDir()
    const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      const clock = new ManualClock()
      const now = clock.now()
      const insert = database.sqlite.prepare("insert into workflow_monitoring (event_type, severity, event_data, timestamp) values ('old', 'info', '{}', ?)")
      database.sqlite.transaction(() => {
        for (let i = 0; i < 3_000; i++) insert.run(now - 40 * DAY + i)
      })()
      let quietCalls = 0
      const retention = new Retention(database.sqlite, clock, { events: () => 30, webhooks: () => 30 }, async () => void (quietCalls += 1))

      let finished = false
      const run = retention.run(now).then(() => (finished = true))
      const finishedWhenOthersRan = await new Promise<boolean>((resolve) => setImmediate(() => resolve(finished)))
      await run

      expect(finishedWhenOthersRan).toBe(false)
      expect(database.sqlite.prepare('select count(*) from workflow_monitoring').pluck().get()).toBe(0)
      // 3,000 rows: six full batches of 500, then one that finds nothing left; then one for webhooks.
      expect(quietCalls).toBe(8)
    } finally {
      database.close()
      cleanup()
    }
  })

  it('deletes processed webhooks past their own period; failed and waiting ones stay, and the queue counts stay exact', async () => {
    const { dir, cleanup } = tempDir()
    const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      const clock = new ManualClock()
      const now = clock.now()
      const insert = database.sqlite.prepare(
        `insert into webhook_queue (kind, webhook_payload, status, received_at, processed_at, created_at, updated_at)
         values ('generic_event', '{"event":"e","data":{}}', ?, ?, ?, ?, ?)`,
      )
      const add = (status: string, ageDays: number, count: number) => {
        const at = now - ageDays * DAY
        for (let i = 0; i < count; i++) insert.run(status, at, status === 'queued' ? null : at, at, at)
      }
      database.sqlite.transaction(() => {
        add('completed', 10, 1_200)
        add('completed', 3, 7)
        add('failed', 10, 4)
        add('queued', 10, 2)
      })()
      const retention = new Retention(database.sqlite, clock, { events: () => 30, webhooks: () => 7 })
      await retention.run(now)
      const left = database.sqlite.prepare('select status, count(*) as n from webhook_queue group by status order by status').all()
      expect(left).toEqual([
        { status: 'completed', n: 7 },
        { status: 'failed', n: 4 },
        { status: 'queued', n: 2 },
      ])
      const counts = database.sqlite.prepare("select status, n from webhook_queue_counts where n > 0 order by status").all()
      expect(counts).toEqual(left.map((row) => ({ status: (row as { status: string }).status, n: (row as { n: number }).n })))
      // Next run: when the newest kept ones cross the line (in 4 days), or within the hour.
      expect(retention.nextDueAt()).toBe(now + 3_600_000)
      clock.advance(4 * DAY + 1)
      await retention.run(clock.now())
      expect(database.sqlite.prepare("select count(*) from webhook_queue where status = 'completed'").pluck().get()).toBe(0)
    } finally {
      database.close()
      cleanup()
    }
  })
})
