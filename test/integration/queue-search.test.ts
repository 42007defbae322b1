import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, type RunningCore } from '../helpers/core'

describe('searching the webhook queue, and clearing what a search finds', () => {
  let c: RunningCore
  const COUNT = 10_005

  beforeAll(async () => {
    c = await startTestCore()
    c.core.internals.database.sqlite
      .prepare(
        `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
         insert into webhook_queue (kind, webhook_payload, source, dedupe_key, status, received_at, created_at, updated_at)
         select 'generic_event', '{"event":"order.paid","data":{"order":"A-' || i || '"}}', '198.51.100.' || (i % 7),
                case when i % 1000 = 0 then 'generic:delivery-' || i end, 'completed', i, i, i from n`,
      )
      .run(COUNT)
  })
  afterAll(async () => {
    await c.close()
  })

  const search = (text: string, page = 1, page_size = 50) => c.core.api['queue.list']({ search: text, page, page_size })

  it('finds a delivery by its idempotency key, matched whole', async () => {
    expect((await search('delivery-4000')).items.map((i) => i.id)).toEqual([4000])
    expect((await search('delivery-400')).total).toBe(0)
  })

  it('counts exactly past ten thousand matches, and pages deep into them, newest first', async () => {
    const all = await search('order.paid')
    expect(all.total).toBe(COUNT)
    expect(all.items.map((i) => i.id).slice(0, 3)).toEqual([COUNT, COUNT - 1, COUNT - 2])
    const deep = await search('order.paid', 201, 50)
    expect(deep.total).toBe(COUNT)
    expect(deep.items.map((i) => i.id)).toEqual(Array.from({ length: 5 }, (_, k) => 5 - k))
    expect((await search('"A-77"')).items.map((i) => i.id)).toEqual([77])
  })

  it('deletes the finished webhooks a search finds, never one still to be handled, and says how many', async () => {
    const sqlite = c.core.internals.database.sqlite
    // Being handled right now (the running worker would take up a queued one at once).
    const waiting = Number(
      sqlite
        .prepare("insert into webhook_queue (kind, webhook_payload, status, received_at, created_at, updated_at) values ('generic_event', '{\"event\":\"order.paid\",\"data\":{\"order\":\"A-77\"}}', 'processing', 1, 1, 1)")
        .run().lastInsertRowid,
    )
    const deleted = await c.admin('POST', '/api/v1/webhooks/queue/delete', { filter: { search: '"A-77"' } })
    expect(deleted).toMatchObject({ status: 200, body: { affected: 1, ids: [77] } })
    expect((await search('"A-77"')).items.map((i) => i.id)).toEqual([waiting])
    expect((await c.admin('POST', '/api/v1/webhooks/queue/delete', { ids: [waiting, 78] })).body).toMatchObject({ affected: 1, ids: [78] })
    expect((await c.admin('POST', '/api/v1/webhooks/queue/delete', { ids: [77] })).status).toBe(404)
    expect((await c.admin('POST', '/api/v1/webhooks/queue/delete', {})).status).toBe(400)
    expect((await c.core.api['queue.status'](undefined)).counts).toMatchObject({ completed: COUNT - 2, processing: 1 })
    await c.core.internals.monitor.flush()
    const actions = sqlite.prepare("select event_data from workflow_monitoring where event_type = 'operator_action'").pluck().all() as string[]
    expect(actions.map((a) => JSON.parse(a).summary)).toEqual(expect.arrayContaining(['deleted 1 webhook (completed or failed)']))
  })
})
