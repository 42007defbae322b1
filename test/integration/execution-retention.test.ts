import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import type { OpenedDatabase } from '../../src/main/core/db/open'
import { Retention } from '../../src/main/core/retention'
import { startTestCore, type RunningCore } from '../helpers/core'
import { tempDatabase } from '../helpers/temp-database'

const DAY = 86_400_000

describe('keeping finished executions for a number of days', () => {
  let database: OpenedDatabase | undefined
  let c: RunningCore | undefined
  afterEach(async () => {
    database?.close()
    database = undefined
    await c?.close()
    c = undefined
  })

  function history(now: number) {
    database = tempDatabase()
    const sqlite = database.sqlite
    sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Leads', '[]', 1, 1)").run()
    const insert = sqlite.prepare('insert into workflow_executions (workflow_id, status, retry_of, created_at, updated_at) values (1, ?, ?, ?, ?)')
    const execution = (status: string, ageDays: number, retryOf: number | null = null) => Number(insert.run(status, retryOf, now - ageDays * DAY, now - ageDays * DAY).lastInsertRowid)
    const approve = sqlite.prepare("insert into workflow_approvals (execution_id, workflow_id, approval_type, approval_title, status, priority, created_at, updated_at) values (?, 1, 't', 'Run', 'approved', 'medium', 1, 1)")
    const call = sqlite.prepare("insert into outbox (kind, target_url, body, status, execution_id, workflow_id, next_attempt_at, created_at, updated_at) values ('dispatch', 'http://n8n/webhook/x', '{}', 'failed', ?, 1, 1, 1, 1)")
    const kept: number[] = []
    sqlite.transaction(() => {
      // Those older than 30 days with an approval come first, so every batch would meet them again if it started over.
      for (let i = 0; i < 1_000; i++) {
        const gated = execution('completed', 90)
        approve.run(gated)
        kept.push(gated)
      }
      for (let i = 0; i < 1_200; i++) execution(['completed', 'failed', 'cancelled'][i % 3]!, 60)
      const withFailedCall = execution('failed', 50)
      call.run(withFailedCall)
      kept.push(withFailedCall)
      kept.push(execution('pending', 45))
      const retriedLately = execution('failed', 40)
      kept.push(retriedLately, execution('failed', 2, retriedLately))
      kept.push(execution('completed', 29))
    })()
    // A chain of attempts, all old: the newest goes first, the one it retried at the next clean-up.
    const first = execution('failed', 40)
    const second = execution('failed', 39, first)
    return { sqlite, kept, chain: [first, second] }
  }

  const ids = (sqlite: OpenedDatabase['sqlite']) => sqlite.prepare('select id from workflow_executions order by id').pluck().all() as number[]

  it('deletes old finished ones nothing kept points to, reading each once per clean-up, and breaks no link', async () => {
    const clock = new ManualClock()
    const now = clock.now()
    const { sqlite, kept, chain } = history(now)
    let batches = 0
    const retention = new Retention(sqlite, clock, { events: () => 30, webhooks: () => 30, calls: () => 3650, executions: () => 30 }, async () => void (batches += 1))

    await retention.run(now)
    expect(ids(sqlite)).toEqual([...kept, chain[0]!].sort((a, b) => a - b))
    expect(retention.lastCleanup()?.removed).toEqual({ events: 0, webhooks: 0, calls: 0, executions: 1_201 })
    // events, webhooks and calls one batch each; 2,205 old executions looked at in batches of 500.
    expect(batches).toBe(3 + 5)
    expect(sqlite.prepare('pragma foreign_key_check').all()).toEqual([])

    await retention.run(now + DAY)
    expect(ids(sqlite)).toEqual([...kept].sort((a, b) => a - b))
    expect(sqlite.prepare('pragma foreign_key_check').all()).toEqual([])
  })

  it('keeps every execution while no period is set', async () => {
    const clock = new ManualClock()
    const { sqlite } = history(clock.now())
    const before = ids(sqlite)
    const retention = new Retention(sqlite, clock, { events: () => 30, webhooks: () => 30, calls: () => 30, executions: () => null })
    await retention.run(clock.now() + 365 * DAY)
    expect(ids(sqlite)).toEqual(before)
    expect(retention.lastCleanup()?.removed.executions).toBe(0)
  })

  it('is set in Settings, at least a week, and applies at once', async () => {
    c = await startTestCore()
    const sqlite = c.core.internals.database.sqlite
    sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Leads', '[]', 1, 1)").run()
    const insert = sqlite.prepare("insert into workflow_executions (workflow_id, status, created_at, updated_at) values (1, 'completed', ?, ?)")
    const now = c.clock.now()
    for (const age of [100, 50, 10]) insert.run(now - age * DAY, now - age * DAY)
    const update = (value: unknown) => c!.admin('POST', '/api/v1/rpc/settings.update', { values: { EXECUTION_RETENTION_DAYS: value } })

    const tooShort = await update(3)
    expect(tooShort.status).toBe(400)
    expect(JSON.stringify(tooShort.body)).toContain('EXECUTION_RETENTION_DAYS')
    await c.tick()
    expect(c.count('workflow_executions')).toBe(3)

    // As the Settings field sends it: the text typed.
    expect((await update('30')).status).toBe(200)
    await c.tick()
    expect(c.count('workflow_executions')).toBe(1)
  })
})
