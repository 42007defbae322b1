import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, type RunningCore } from '../helpers/core'

describe('searching the webhook queue', () => {
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
})
