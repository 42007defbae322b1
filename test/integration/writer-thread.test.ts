import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/open'
import { DatabaseWriter } from '../../src/main/core/db/writer'
import { silentLogger } from '../../src/main/core/logger'
import { findMigrationsDir } from '../../src/main/core/paths'
import { tempDir } from '../helpers/temp'
import { watchedWrites } from '../helpers/watched-writes'

const row = (n: number, kind = 'generic_event', dedupe: string | null = null) => [null, kind, JSON.stringify({ n }), '{}', 'test', dedupe, 1_700_000_000_000 + n]

describe('the writer thread', () => {
  let close: () => Promise<void> = async () => undefined
  afterEach(() => close())

  function startWriter(driverPath?: string) {
    const { dir, cleanup } = tempDir()
    const file = path.join(dir, 'flowgate.db')
    openDatabase({ file, migrationsDir: findMigrationsDir() }).close()
    const writer = new DatabaseWriter({ file, busyTimeoutMs: 1000, driverPath }, silentLogger)
    close = async () => {
      await writer.close()
      cleanup()
    }
    return { writer, file }
  }

  it('answers each of many queued intake calls with its own rows, in the order sent', async () => {
    const { writer, file } = startWriter()
    const calls = Array.from({ length: 40 }, (_, i) => writer.call('intake', [row(i * 3), row(i * 3 + 1), row(i * 3 + 2)]))
    const results = await Promise.all(calls)
    const ids = results.flatMap((rows) => rows.map((r) => (r.ok ? r.id : -1)))
    expect(ids).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
    const db = openDatabase({ file, migrationsDir: findMigrationsDir() })
    const payloads = db.sqlite.prepare('select webhook_payload from webhook_queue order by id').pluck().all() as string[]
    db.close()
    expect(payloads.map((p) => JSON.parse(p).n)).toEqual(Array.from({ length: 120 }, (_, i) => i))
  })

  it('keeps arrival order across rows with and without a dedupe key, however long a run of either', async () => {
    const { writer, file } = startWriter()
    const long = Array.from({ length: 150 }, (_, i) => row(i))
    const mixed = [row(150), row(151, 'generic_event', 'a'), row(152), row(153, 'generic_event', 'a'), row(154), row(155)]
    const [first, second] = await Promise.all([writer.call('intake', long), writer.call('intake', mixed)])
    expect(first.map((r) => (r.ok ? r.id : -1))).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    // A dedupe conflict uses up an id of AUTOINCREMENT's sequence, so the run after it starts one later.
    expect(second).toEqual([
      { ok: true, id: 151, duplicate: false },
      { ok: true, id: 152, duplicate: false },
      { ok: true, id: 153, duplicate: false },
      { ok: true, id: 152, duplicate: true },
      { ok: true, id: 155, duplicate: false },
      { ok: true, id: 156, duplicate: false },
    ])
    const db = openDatabase({ file, migrationsDir: findMigrationsDir() })
    const stored = db.sqlite.prepare('select id, webhook_payload from webhook_queue order by id').all() as { id: number; webhook_payload: string }[]
    const queued = db.sqlite.prepare("select n from webhook_queue_counts where status = 'queued'").pluck().get()
    db.close()
    const answered = [...first, ...second].flatMap((r, n) => (r.ok && !r.duplicate ? [[r.id, n]] : []))
    expect(stored.map((r) => [r.id, JSON.parse(r.webhook_payload).n])).toEqual(answered)
    expect(queued).toBe(155)
  })

  it('a row the database refuses fails alone, even when committed together with other calls', async () => {
    const { writer } = startWriter()
    const [first, bad, duplicate] = await Promise.all([
      writer.call('intake', [row(1, 'generic_event', 'key-1')]),
      writer.call('intake', [row(2), row(3, 'no_such_kind')]),
      writer.call('intake', [row(4, 'generic_event', 'key-1')]),
    ])
    expect(first).toEqual([{ ok: true, id: 1, duplicate: false }])
    expect(bad[0]).toMatchObject({ ok: true, duplicate: false })
    expect(bad[1]).toMatchObject({ ok: false, error: expect.stringMatching(/CHECK constraint/) })
    expect(duplicate).toEqual([{ ok: true, id: 1, duplicate: true }])
  })

  it('says when it is quiet: at once when idle, after its pending calls otherwise, or when the wait runs out', async () => {
    const { writer, file } = startWriter()
    const started = performance.now()
    await writer.quiet(60_000)
    expect(performance.now() - started).toBeLessThan(1000)

    let answered = false
    const call = writer.call('intake', [row(1)]).then(() => (answered = true))
    await writer.quiet(60_000)
    expect(answered).toBe(true)
    await call

    // Another connection holds the write lock, so the next call stays pending until it lets go.
    const other = openDatabase({ file, migrationsDir: findMigrationsDir() })
    other.sqlite.exec('begin immediate')
    const blocked = writer.call('intake', [row(2)])
    const waitedFrom = performance.now()
    await writer.quiet(50)
    expect(performance.now() - waitedFrom).toBeGreaterThanOrEqual(45)
    other.sqlite.exec('commit')
    other.close()
    expect((await blocked)[0]).toMatchObject({ ok: true })
  })

  it('commits intake under synchronous=FULL and its own bookkeeping under NORMAL, as SQLite reports them', async () => {
    const { dir, cleanup } = tempDir()
    const watchLog = path.join(dir, 'statements.log')
    process.env.WATCH_LOG = watchLog
    const { writer } = startWriter(path.resolve('test/fixtures/watched-sqlite.cjs'))
    delete process.env.WATCH_LOG
    try {
      await writer.call('intake', [row(1)])
      await writer.call('claim', { now: Date.now(), limit: 10 })
      await writer.call('intake', [row(2)])
      await writer.call('events', [[null, null, 'webhook_received', 'info', '{}', Date.now()]])
      await writer.call('intake', [row(3)])
      const writes = watchedWrites(watchLog, /^(insert into webhook_queue|update webhook_queue|insert into workflow_monitoring)/)
      expect(writes).toEqual([
        'insert into webhook_queue @synchronous=2',
        'update webhook_queue @synchronous=1',
        'insert into webhook_queue @synchronous=2',
        'insert into workflow_monitoring @synchronous=1',
        'insert into webhook_queue @synchronous=2',
      ])
    } finally {
      cleanup()
    }
  })
})
