import { describe, expect, it } from 'vitest'
import { corePerTest, TEST_ADMIN_TOKEN, type RunningCore } from '../helpers/core'

interface Listed {
  items: { id: number; event_type: string; event_data: { lead?: string; summary?: string }; timestamp: number }[]
  next: string | null
  latest: string | null
}

describe('monitoring events: text search and pages', () => {
  let c: RunningCore
  corePerTest({}, (core) => (c = core))

  /** Events straight into the log: `count` of them, `data(i)` saying what each says, one per `step` ms back from now. */
  const addEvents = (count: number, data: (i: number) => object, options: { type?: string; step?: number; workflowId?: number } = {}) => {
    const now = c.clock.now()
    const insert = c.core.internals.database.sqlite.prepare('insert into workflow_monitoring (workflow_id, event_type, severity, event_data, timestamp) values (?, ?, ?, ?, ?)')
    c.core.internals.database.sqlite.transaction(() => {
      for (let i = 0; i < count; i++) insert.run(options.workflowId ?? null, options.type ?? 'execution_completed', 'info', JSON.stringify(data(i)), now - i * (options.step ?? 1000))
    })()
  }
  /** How many turns the event loop took while `work` ran: a read in one statement leaves it none. */
  const turnsDuring = async <T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> => {
    let turns = 0
    let running = true
    const spin = () => {
      if (!running) return
      turns++
      setImmediate(spin)
    }
    setImmediate(spin)
    const result = await work()
    running = false
    return { result, turns }
  }
  const list = async (query: string): Promise<Listed> => {
    const answer = await c.admin('GET', `/api/v1/monitoring/events?${query}`)
    expect(answer.status, answer.body.message).toBe(200)
    return answer.body as unknown as Listed
  }

  it('finds text in what events say or in their name, any case, with the other filters', async () => {
    addEvents(30, (i) => ({ lead: `L-${i}`, summary: i % 10 === 0 ? 'Mailbox FULL for this lead' : 'sent' }))
    addEvents(3, () => ({ summary: 'retried 3 executions' }), { type: 'operator_action', workflowId: 7 })
    const full = await list('search=mailbox%20full')
    expect(full.items.map((e) => e.event_data.lead)).toEqual(['L-0', 'L-10', 'L-20'])
    expect(full.next).toBeNull()
    expect((await list('search=OPERATOR_act')).items).toHaveLength(3)
    expect((await list('search=retried&workflow_id=7&event_type=operator_action')).items).toHaveLength(3)
    expect((await list('search=retried&workflow_id=8')).items).toHaveLength(0)
    // % and _ are the text itself, not patterns.
    expect((await list('search=%25')).items).toHaveLength(0)
    expect((await list('search=L-1_')).items).toHaveLength(0)
  })

  it('pages through every event once, newest first, with ties on the time broken by id', async () => {
    // Five events share each moment, so a page can end in the middle of one.
    addEvents(50, (i) => ({ lead: `L-${i}` }), { step: 0 })
    addEvents(50, (i) => ({ lead: `M-${i}` }), { step: 200 })
    const seen: number[] = []
    let page = await list('limit=7')
    for (;;) {
      seen.push(...page.items.map((e) => e.id))
      if (!page.next) break
      page = await list(`limit=7&before=${page.next}`)
    }
    expect(seen).toHaveLength(100)
    expect(new Set(seen).size).toBe(100)
    const times = (await list('limit=100')).items.map((e) => e.timestamp)
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('a search over many events reads them in slices: every match once, pages go on, the event loop is never held long', async () => {
    // 70,000 events (more than three slices), one in 10,000 naming the lead searched for.
    addEvents(70_000, (i) => ({ lead: i % 10_000 === 5 ? 'needle-lead' : `L-${i}` }), { step: 10 })
    const { result: first, turns } = await turnsDuring(() => c.core.api['monitoring.events']({ search: 'needle-lead', limit: 5 }))
    // 20,000 events a slice, two matches in each: the first page's five take three slices.
    expect(turns).toBeGreaterThanOrEqual(2)
    expect(first.items.map((e) => e.id)).toHaveLength(5)
    expect(first.next).not.toBeNull()
    const rest = await list(`search=needle-lead&limit=5&before=${first.next}`)
    expect(rest.items).toHaveLength(2)
    expect(rest.next).toBeNull()
    expect(new Set([...first.items, ...rest.items].map((e) => e.id)).size).toBe(7)
    expect((await list('search=nowhere-at-all')).items).toEqual([])
  })

  it('within a period: a search reads only the events since then, and the export keeps to it too', async () => {
    // 70,000 events, one every 10 s back from now; a needle every 10,000 events (~28 h apart).
    addEvents(70_000, (i) => ({ lead: i % 10_000 === 5 ? 'needle-lead' : `L-${i}` }), { step: 10_000 })
    const since = c.clock.now() - 30 * 3_600_000
    const { result, turns } = await turnsDuring(() => c.core.api['monitoring.events']({ search: 'needle-lead', since, limit: 100 }))
    expect(result.items.map((e) => (e.event_data as { lead: string }).lead)).toEqual(['needle-lead', 'needle-lead'])
    expect(result.items.every((e) => e.timestamp >= since)).toBe(true)
    // Only the first slice of 20,000 reaches back 30 hours: nothing older is read.
    expect(turns).toBe(0)
    expect((await list(`since=${since}&limit=5`)).items.every((e) => e.timestamp >= since)).toBe(true)
    expect((await c.core.api['monitoring.export']({ search: 'needle-lead', since })).rows).toBe(2)
    expect((await c.admin('GET', '/api/v1/monitoring/events?since=later')).status).toBe(400)
  })

  it('after a cursor: only what happened since, for a live list that keeps what it loaded', async () => {
    addEvents(5, (i) => ({ lead: `L-${i}` }))
    const page = await list('limit=5')
    expect(page.latest).not.toBeNull()
    c.clock.advance(5_000)
    addEvents(2, (i) => ({ lead: `new-${i}` }))
    // Written late with an earlier time (as a buffer may): still what came since.
    c.clock.advance(-60_000)
    addEvents(1, () => ({ lead: 'late' }))
    const since = await list(`after=${page.latest}`)
    expect(since.items.map((e) => e.event_data.lead)).toEqual(['new-0', 'new-1', 'late'])
    expect(since.latest).not.toBe(page.latest)
    expect((await list(`after=${page.latest}&search=new-1`)).items.map((e) => e.event_data.lead)).toEqual(['new-1'])
    expect((await list(`after=${since.latest}`)).items).toEqual([])
  })

  it('refuses a cursor that is not one, both directions at once, and an overlong search, saying why', async () => {
    for (const [query, message] of [
      ['before=yesterday', 'cursor'],
      ['before=1:2&after=1:2', 'not both'],
      [`search=${'x'.repeat(201)}`, 'at most 200'],
    ]) {
      const answer = await c.admin('GET', `/api/v1/monitoring/events?${query}`)
      expect(answer.status).toBe(400)
      expect(answer.body.message).toContain(message)
    }
  })

  it('exports what a search finds, reading a bounded stretch per turn', async () => {
    addEvents(45_000, (i) => ({ lead: i % 9_000 === 1 ? 'exported-lead' : `L-${i}` }), { step: 10 })
    const { result: exported, turns } = await turnsDuring(() => c.core.api['monitoring.export']({ search: 'exported-lead' }))
    expect(exported.rows).toBe(5)
    // 20,000 ids a turn at most, though the five matches would fit in one.
    expect(turns).toBeGreaterThanOrEqual(2)
    expect(exported.csv.split('\n').filter((line) => line.includes('exported-lead'))).toHaveLength(5)
    const csv = await fetch(`${c.adminUrl}/api/v1/monitoring/events/export.csv?search=exported-lead`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    expect((await csv.text()).split('\n').filter((line) => line.includes('exported-lead'))).toHaveLength(5)
  })
})
