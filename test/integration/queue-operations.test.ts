import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { startTestCore, TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'
import { tempDir } from '../helpers/temp'

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

describe('queue operations on the admin listener', () => {
  let c: RunningCore
  let wf: number
  let failing = true
  let receivedAt = 0
  const ids: number[] = []

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${c.adminUrl}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : json) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { message?: string } }
  }
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 20))
    await c.core.internals.scheduler.tick()
  }

  beforeAll(async () => {
    c = await startTestCore(
      { N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WORKFLOW_MAX_RETRIES: '0' },
      { handlers: { trigger: (item) => { if (failing && (item.payload as { n: number }).n % 2 === 0) throw new Error('n8n said 500') } } },
    )
    wf = c.addWorkflow()
    receivedAt = c.clock.now()
    for (let n = 1; n <= 6; n++) {
      const text = JSON.stringify({ n })
      const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${wf}`, {
        method: 'POST',
        body: text,
        headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET), authorization: 'Bearer should-not-be-kept', 'user-agent': 'n8n' },
      })
      ids.push(((await response.json()) as { queued: number }).queued)
    }
    // Processed while the clock still reads the arrival time, then time moves on.
    await settle()
    c.clock.advance(30_000)
    await settle()
  })
  afterAll(async () => {
    await c.close()
  })

  it('reports status: counts, failed, oldest queued age', async () => {
    const { status, body } = await admin('GET', '/api/v1/webhooks/queue/status')
    expect(status).toBe(200)
    expect(body).toMatchObject({ counts: { queued: 0, processing: 0, completed: 3, failed: 3 }, total: 6, failed: 3, oldestQueuedAgeSeconds: null })
  })

  it('lists with filters and pages, newest first', async () => {
    const failed = await admin('GET', `/api/v1/webhooks/queue?status=failed&workflow_id=${wf}`)
    expect((failed.body.items as { id: number }[]).map((i) => i.id)).toEqual([ids[5], ids[3], ids[1]])
    const page2 = await admin('GET', '/api/v1/webhooks/queue?page=2&page_size=4')
    expect(page2.body).toMatchObject({ total: 6, page: 2, page_size: 4 })
    expect((page2.body.items as unknown[]).length).toBe(2)
    const bad = await admin('GET', '/api/v1/webhooks/queue?status=exploded')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('validation')
  })

  it('finds webhooks by number or by text in the body, the sender or the key, and replays only the failed it finds', async () => {
    const found = async (search: string, status = '') =>
      ((await admin('GET', `/api/v1/webhooks/queue?search=${encodeURIComponent(search)}${status}`)).body as { items: { id: number }[]; total: number })
    expect(await found('"n":4')).toMatchObject({ total: 1, items: [{ id: ids[3] }] })
    expect((await found(`#${ids[2]}`)).items.map((i) => i.id)).toEqual([ids[2]])
    expect((await found('127.0.0.1', '&status=failed')).items.map((i) => i.id)).toEqual([ids[5], ids[3], ids[1]])
    expect(await found('%')).toMatchObject({ total: 0, items: [] })
    // The sender is matched whole, not within.
    expect(await found('127.0.0')).toMatchObject({ total: 0 })
    expect((await admin('GET', `/api/v1/webhooks/queue?search=${'x'.repeat(201)}`)).status).toBe(400)
    const replayed = await admin('POST', '/api/v1/webhooks/queue/replay', { filter: { status: 'failed', search: '"n":6' } })
    expect(replayed).toMatchObject({ status: 200, body: { affected: 1, ids: [ids[5]] } })
    // Still failing: back among the failed once processed.
    await settle()
    expect((await admin('GET', '/api/v1/webhooks/queue/status')).body).toMatchObject({ counts: { completed: 3, failed: 3 } })
  })

  it('shows one item with payload, attempt history and headers without credentials', async () => {
    const { status, body } = await admin('GET', `/api/v1/webhooks/queue/${ids[1]}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ id: ids[1], status: 'failed', payload: { n: 2 }, lastError: 'n8n said 500' })
    expect(body.headers).toMatchObject({ 'user-agent': 'n8n', 'content-type': 'application/json' })
    expect(JSON.stringify(body.headers)).not.toMatch(/authorization|signature|should-not-be-kept|test-webhook-secret/i)
    expect(body.attempts).toEqual([{ at: receivedAt, outcome: 'failed', error: 'n8n said 500' }])
  })

  it('answers unknown and malformed ids clearly', async () => {
    expect(await admin('GET', '/api/v1/webhooks/queue/99999')).toMatchObject({ status: 404, body: { error: 'not_found', message: 'Queue item 99999 does not exist' } })
    expect((await admin('GET', '/api/v1/webhooks/queue/abc')).status).toBe(400)
  })

  it('replays many by ids, then by filter, and the worker picks them up', async () => {
    failing = false
    const byIds = await admin('POST', '/api/v1/webhooks/queue/replay', { ids: [ids[1]] })
    expect(byIds).toMatchObject({ status: 200, body: { affected: 1 } })
    const byFilter = await admin('POST', '/api/v1/webhooks/queue/replay', { filter: { status: 'failed' } })
    expect(byFilter).toMatchObject({ status: 200, body: { affected: 2 } })
    await settle()
    expect((await admin('GET', '/api/v1/webhooks/queue/status')).body).toMatchObject({ counts: { completed: 6, failed: 0 } })
    expect((await admin('POST', '/api/v1/webhooks/queue/replay', { ids: [424242] })).status).toBe(404)
    expect((await admin('POST', '/api/v1/webhooks/queue/replay', {})).status).toBe(400)
  })

  it('deletes an item', async () => {
    expect(await admin('DELETE', `/api/v1/webhooks/queue/${ids[0]}`)).toMatchObject({ status: 200, body: { affected: 1 } })
    expect((await admin('GET', `/api/v1/webhooks/queue/${ids[0]}`)).status).toBe(404)
  })

  it('refuses all of it without the token', async () => {
    const response = await fetch(`${c.adminUrl}/api/v1/webhooks/queue/status`)
    expect(response.status).toBe(401)
  })
})

describe('restart', () => {
  it('takes up items a crash left in processing', async () => {
    const { dir, cleanup } = tempDir()
    const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN }
    const clock = new ManualClock()
    const seen: number[] = []
    const first = createCore({ dataDir: dir, config, clock, log: silentLog })
    await first.start()
    const sqlite = first.internals.database.sqlite
    const now = clock.now()
    const insert = sqlite.prepare("insert into webhook_queue (kind, webhook_payload, status, received_at, created_at, updated_at) values ('trigger', '{}', 'processing', ?, ?, ?)")
    const stuck = [Number(insert.run(now, now, now).lastInsertRowid), Number(insert.run(now, now, now).lastInsertRowid)]
    await first.stop()

    const second = createCore({ dataDir: dir, config, clock, log: silentLog, handlers: { trigger: (item) => void seen.push(item.id) } })
    await second.start()
    await second.internals.scheduler.tick()
    expect(seen).toEqual(stuck)
    const attempts = second.internals.database.sqlite.prepare('select attempts from webhook_queue where id = ?').pluck().get(stuck[0]) as string
    expect(JSON.parse(attempts).map((a: { outcome: string }) => a.outcome)).toEqual(['recovered', 'completed'])
    await second.stop()
    cleanup()
  })
})
