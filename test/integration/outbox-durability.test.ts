import { createRequire } from 'node:module'
import path from 'node:path'
import type Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/open'
import { Outbox } from '../../src/main/core/dispatch/outbox'
import { findMigrationsDir } from '../../src/main/core/paths'
import { tempDir } from '../helpers/temp'
import { watchedWrites } from '../helpers/watched-writes'

type Watched = Database.Database & { level(): number }
const WatchedDatabase = createRequire(import.meta.url)('../fixtures/watched-sqlite.cjs') as new (file: string) => Watched

describe('the outbox on the main connection', () => {
  it('claims without an fsync of their own and leaves every other commit durable, as SQLite reports it', () => {
    const { dir, cleanup } = tempDir()
    const file = path.join(dir, 'flowgate.db')
    openDatabase({ file, migrationsDir: findMigrationsDir() }).close()
    const watchLog = path.join(dir, 'statements.log')
    process.env.WATCH_LOG = watchLog
    const sqlite = new WatchedDatabase(file)
    try {
      sqlite.pragma('synchronous = FULL')
      const outbox = new Outbox(sqlite)
      for (const round of [1, 2, 3]) {
        outbox.add({ kind: 'resume', targetUrl: `http://127.0.0.1:9/webhook-waiting/${round}`, body: {} }, 0)
        expect(outbox.claim(1000, 10)).toHaveLength(1)
        expect(sqlite.level()).toBe(2)
      }
      const writes = watchedWrites(watchLog, /^(insert into outbox|update outbox)/)
      expect(writes).toEqual([1, 2, 3].flatMap(() => ['insert into outbox @synchronous=2', 'update outbox @synchronous=1']))
    } finally {
      delete process.env.WATCH_LOG
      sqlite.close()
      cleanup()
    }
  })
})
