import { afterEach, describe, expect, it } from 'vitest'
import { PermanentError } from '../../src/main/core/queue/worker'
import type { ClaimedItem } from '../../src/main/core/queue/queue-store'
import { startTestCore, TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

const SECOND = 1000

describe('queue worker under a fake clock', () => {
  let c: RunningCore
  afterEach(async () => {
    await c.close()
  })

  const send = async (body: object) => {
    const text = JSON.stringify(body)
    const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${c.addWorkflow()}`, {
      method: 'POST',
      body: text,
      headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) },
    })
    return ((await response.json()) as { queued: number }).queued
  }
  const item = (id: number) =>
    c.core.internals.database.sqlite.prepare('select status, retry_count, next_retry_at, last_error, attempts from webhook_queue where id = ?').get(id) as {
      status: string
      retry_count: number
      next_retry_at: number | null
      last_error: string | null
      attempts: string
    }
  /** What the monitoring screens were told about one queue item, oldest first. */
  const reported = async (queueId: number) => {
    await c.core.internals.monitor.flush()
    const rows = c.core.internals.database.sqlite
      .prepare("select event_type, severity, workflow_id, event_data from workflow_monitoring where event_type like 'webhook_%' order by id")
      .all() as { event_type: string; severity: string; workflow_id: number | null; event_data: string }[]
    return rows
      .map((row) => ({ type: row.event_type, severity: row.severity, workflowId: row.workflow_id, data: JSON.parse(row.event_data) as Record<string, unknown> }))
      .filter((event) => event.data.queue_id === queueId)
  }
  const settle = async () => {
    // Let the scheduler's own wake-up run, then any tick it queued.
    await new Promise((r) => setTimeout(r, 20))
    await c.core.internals.scheduler.tick()
  }

  it('processes new items right away, in arrival order, through the handler for their kind', async () => {
    const seen: number[] = []
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }, { handlers: { trigger: (i: ClaimedItem) => void seen.push(i.id) } })
    const ids = [await send({ n: 1 }), await send({ n: 2 }), await send({ n: 3 })]
    await settle()
    expect(seen).toEqual(ids)
    for (const id of ids) expect(item(id).status).toBe('completed')
  })

  it('retries at 60, 120, 240 s, then dead-letters with every attempt kept', async () => {
    let calls = 0
    c = await startTestCore(
      { N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
      {
        handlers: {
          trigger: () => {
            calls += 1
            throw new Error(`n8n unreachable (${calls})`)
          },
        },
      },
    )
    const id = await send({ lead: 1 })
    await settle()
    const start = c.clock.now()
    expect(item(id)).toMatchObject({ status: 'queued', retry_count: 1, next_retry_at: start + 60 * SECOND, last_error: 'n8n unreachable (1)' })

    c.clock.advance(59 * SECOND)
    await c.core.internals.scheduler.tick()
    expect(calls).toBe(1)

    for (const [advance, retry, delay] of [
      [1, 2, 120],
      [120, 3, 240],
    ] as const) {
      c.clock.advance(advance * SECOND)
      await c.core.internals.scheduler.tick()
      expect(item(id)).toMatchObject({ status: 'queued', retry_count: retry, next_retry_at: c.clock.now() + delay * SECOND })
    }
    c.clock.advance(240 * SECOND)
    await c.core.internals.scheduler.tick()
    const dead = item(id)
    expect(dead).toMatchObject({ status: 'failed', retry_count: 3, next_retry_at: null, last_error: 'n8n unreachable (4)' })
    expect(JSON.parse(dead.attempts).map((a: { outcome: string }) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'failed'])
    expect(calls).toBe(4)

    // Each retry is a warning and the dead letter an error, so the operator sees them among events and errors.
    const events = await reported(id)
    expect(events.map((e) => [e.type, e.severity, e.data.retry ?? null])).toEqual([
      ['webhook_retry_scheduled', 'warning', 1],
      ['webhook_retry_scheduled', 'warning', 2],
      ['webhook_retry_scheduled', 'warning', 3],
      ['webhook_failed', 'error', null],
    ])
    expect(events[3]).toMatchObject({ workflowId: expect.any(Number), data: { queue_id: id, kind: 'trigger', error: 'n8n unreachable (4)', permanent: false } })
    expect(events[0]?.data).toMatchObject({ error: 'n8n unreachable (1)', of: 3, next_retry_at: start + 60 * SECOND })
    const dashboard = await fetch(`${c.adminUrl}/api/v1/monitoring/dashboard`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    expect(((await dashboard.json()) as { recent_errors: number }).recent_errors).toBe(1)
  })

  it('adds jitter of at most ±10% to each delay', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }, { random: () => 1, handlers: { trigger: () => { throw new Error('down') } } })
    const id = await send({})
    await settle()
    expect(item(id).next_retry_at).toBe(c.clock.now() + 66 * SECOND)
  })

  it('fails a permanent error at once', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }, { handlers: { trigger: () => { throw new PermanentError('workflow was deleted') } } })
    const id = await send({})
    await settle()
    expect(item(id)).toMatchObject({ status: 'failed', retry_count: 0, last_error: 'workflow was deleted' })
    expect(await reported(id)).toMatchObject([{ type: 'webhook_failed', severity: 'error', data: { error: 'workflow was deleted', permanent: true } }])
  })

  it('replays a dead letter with a fresh retry budget and processes it again', async () => {
    let healthy = false
    c = await startTestCore(
      { N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WORKFLOW_MAX_RETRIES: '0' },
      { handlers: { trigger: () => { if (!healthy) throw new Error('down') } } },
    )
    const id = await send({})
    await settle()
    expect(item(id).status).toBe('failed')
    healthy = true
    const replay = await fetch(`${c.adminUrl}/api/v1/webhooks/queue/${id}/replay`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    expect(replay.status).toBe(200)
    await settle()
    const done = item(id)
    expect(done.status).toBe('completed')
    expect(JSON.parse(done.attempts).map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'replayed', 'completed'])
  })

  it('commits the handlers of a turn together, each item in a savepoint: a failing one leaves nothing, its neighbours keep their writes', async () => {
    const inTransaction: boolean[] = []
    c = await startTestCore(
      { N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
      {
        handlers: {
          trigger: (queued) => {
            const { n } = queued.payload as { n: number }
            inTransaction.push(sqlite.inTransaction)
            sqlite.prepare('insert into probe (n) values (?)').run(n)
            if (n === 2) throw new Error('n8n refused item 2')
          },
        },
      },
    )
    const sqlite = c.core.internals.database.sqlite
    sqlite.exec('create table probe (n integer not null)')
    const workflowId = c.addWorkflow()
    const now = c.clock.now()
    const insert = sqlite.prepare(
      "insert into webhook_queue (workflow_id, kind, webhook_payload, status, received_at, created_at, updated_at) values (?, 'trigger', ?, 'queued', ?, ?, ?) returning id",
    )
    const ids = [1, 2, 3].map((n) => (insert.get(workflowId, JSON.stringify({ n }), now, now, now) as { id: number }).id)
    await c.core.internals.scheduler.tick()

    expect(inTransaction).toEqual([true, true, true])
    expect(sqlite.prepare('select n from probe order by n').pluck().all()).toEqual([1, 3])
    expect(ids.map((id) => item(id).status)).toEqual(['completed', 'queued', 'completed'])
    expect(item(ids[1]!).last_error).toBe('n8n refused item 2')
  })

  it('sleeps when idle: after the work is done, nothing is due for minutes', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    await send({})
    await settle()
    expect(c.core.internals.scheduler.nextDueAt()).toBeGreaterThanOrEqual(c.clock.now() + 5 * 60 * SECOND)
  })
})
