import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { Retention } from '../../src/main/core/retention'
import { tempDir } from '../helpers/temp'

const DAY = 86_400_000

describe('retention of monitoring events', () => {
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
      const retention = new Retention(database.sqlite, clock, () => 30, async () => void (quietCalls += 1))

      let finished = false
      const run = retention.run(now).then(() => (finished = true))
      const finishedWhenOthersRan = await new Promise<boolean>((resolve) => setImmediate(() => resolve(finished)))
      await run

      expect(finishedWhenOthersRan).toBe(false)
      expect(database.sqlite.prepare('select count(*) from workflow_monitoring').pluck().get()).toBe(0)
      // 3,000 rows: six full batches of 500, then one that finds nothing left.
      expect(quietCalls).toBe(7)
    } finally {
      database.close()
      cleanup()
    }
  })
})
