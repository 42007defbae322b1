import { beforeEach, describe, expect, it } from 'vitest'
import type { MethodInput } from '../../src/shared/contract'
import type { Services } from '../../src/renderer/src/services/api'
import { EVENTS_PAGE, useMonitoring } from '../../src/renderer/src/stores/monitoring'

type Query = MethodInput<'monitoring.events'>
const event = (id: number) => ({ id, workflow_id: null, execution_id: null, event_type: 'execution_completed', severity: 'info' as const, event_data: null, timestamp: id * 1000 })

/** A log of events 1…n as the core answers for it: newest first, pages by cursor, `latest` the newest. */
function fakeLog(n: number) {
  const log = Array.from({ length: n }, (_, i) => event(i + 1))
  const asked: Query[] = []
  const services = {
    call: async (method: string, input: Query) => {
      if (method === 'monitoring.errors') return { items: [] }
      asked.push(input)
      const idOf = (cursor?: string) => Number(cursor?.split(':')[1])
      const newestFirst = [...log].reverse()
      const matching = newestFirst.filter((e) => (input.before ? e.id < idOf(input.before) : input.after ? e.id > idOf(input.after) : true))
      const items = matching.slice(0, input.limit as number)
      const last = items.at(-1)
      return { items, next: items.length === input.limit && last ? `${last.timestamp}:${last.id}` : null, latest: log.length ? `${log.at(-1)!.timestamp}:${log.at(-1)!.id}` : null }
    },
  } as unknown as Services
  return { services, asked, record: (count: number) => log.push(...Array.from({ length: count }, (_, i) => event(log.length + i + 1))) }
}

const ids = () => useMonitoring.getState().events.map((e) => e.id)

describe('the monitoring events list', () => {
  beforeEach(() => useMonitoring.setState({ events: [], next: null, latest: null, search: undefined, severity: undefined, loading: false }))

  it('reads the newest page, then older ones on request, each event once', async () => {
    const { services } = fakeLog(EVENTS_PAGE + 50)
    await useMonitoring.getState().load(services)
    expect(ids()).toHaveLength(EVENTS_PAGE)
    expect(ids()[0]).toBe(EVENTS_PAGE + 50)
    await useMonitoring.getState().loadOlder(services)
    expect(ids()).toHaveLength(EVENTS_PAGE + 50)
    expect(new Set(ids()).size).toBe(EVENTS_PAGE + 50)
    expect(useMonitoring.getState().next).toBeNull()
  })

  it('a refresh adds only what was recorded since, keeping the older pages read', async () => {
    const { services, asked, record } = fakeLog(EVENTS_PAGE + 10)
    await useMonitoring.getState().load(services)
    await useMonitoring.getState().loadOlder(services)
    record(3)
    await useMonitoring.getState().load(services)
    expect(asked.at(-1)!.after).toBe(`${(EVENTS_PAGE + 10) * 1000}:${EVENTS_PAGE + 10}`)
    expect(ids().slice(0, 4)).toEqual([EVENTS_PAGE + 13, EVENTS_PAGE + 12, EVENTS_PAGE + 11, EVENTS_PAGE + 10])
    expect(ids()).toHaveLength(EVENTS_PAGE + 13)
    // More than a page since: the list starts over from the newest, with older ones to page in.
    record(EVENTS_PAGE)
    await useMonitoring.getState().load(services)
    expect(ids()).toHaveLength(EVENTS_PAGE)
    expect(ids()[0]).toBe(2 * EVENTS_PAGE + 13)
    expect(useMonitoring.getState().next).not.toBeNull()
  })

  it('a new search starts from the newest page and asks with the words', async () => {
    const { services, asked } = fakeLog(30)
    await useMonitoring.getState().load(services)
    await useMonitoring.getState().setSearch(services, 'mailbox')
    expect(asked.at(-1)).toMatchObject({ search: 'mailbox', limit: EVENTS_PAGE })
    expect(asked.at(-1)!.before).toBeUndefined()
    expect(asked.at(-1)!.after).toBeUndefined()
  })
})
