import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { reportCompleted } from '../helpers/n8n-callbacks'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe("a workflow's limit on executions started within an hour", () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger, sentTo } = workflowRuns(() => c, () => n8n)
  const nextDue = () => c.core.internals.outbox.nextDueAt(c.clock.now())

  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  it('sends as many as it allows in any hour; the rest go, oldest first, as the earlier starts turn an hour old', async () => {
    const mails = await createWorkflow('mails', { max_per_hour: 2 })
    const first = await trigger(mails.id)
    await c.tick()
    const firstSentAt = c.clock.now()
    c.clock.advance(20 * MINUTE)
    const later = [await trigger(mails.id), await trigger(mails.id), await trigger(mails.id)]
    await c.tick()
    expect(sentTo('mails')).toEqual([first, later[0]])

    const workflow = (await admin('GET', `/api/v1/workflows/${mails.id}`)).body
    expect(workflow).toMatchObject({ max_per_hour: 2, started_last_hour: 2, next_start_at: firstSentAt + HOUR, waiting_calls: 2 })
    const listed = (await admin('GET', `/api/v1/executions?workflow_id=${mails.id}&status=pending`)).body.items as Record<string, unknown>[]
    expect(listed.map((e) => [e.id, e.waiting_on, e.waiting_until])).toEqual([
      [later[2], 'hourly', firstSentAt + HOUR],
      [later[1], 'hourly', firstSentAt + HOUR],
    ])
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.full_workflows).toEqual([
      { id: mails.id, workflow_name: 'mails', held_by: 'hourly', limit: 2, waiting: 2, opens_at: firstSentAt + HOUR },
    ])
    // The scheduler sleeps until the first start turns an hour old, and a tick before then sends nothing.
    expect(nextDue()).toBe(firstSentAt + HOUR)
    c.clock.set(firstSentAt + HOUR - 1)
    await c.tick()
    expect(sentTo('mails')).toHaveLength(2)

    c.clock.set(firstSentAt + HOUR)
    await c.tick()
    expect(sentTo('mails')).toEqual([first, ...later.slice(0, 2)])
    expect((await admin('GET', `/api/v1/executions/${later[2]}`)).body).toMatchObject({ status: 'pending', waiting_on: 'hourly' })
    // The next opening is the second start's hour, 20 minutes on.
    expect(nextDue()).toBe(firstSentAt + 20 * MINUTE + HOUR)
    c.clock.set(firstSentAt + 20 * MINUTE + HOUR)
    await c.tick()
    expect(sentTo('mails')).toEqual([first, ...later])
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.full_workflows).toEqual([])
  })

  it('a raised limit lets waiting dispatches go at once; other workflows are never held by it', async () => {
    const mails = await createWorkflow('mails', { max_per_hour: 1 })
    const other = await createWorkflow('other')
    const runs = [await trigger(mails.id), await trigger(mails.id), await trigger(mails.id)]
    const otherRuns = [await trigger(other.id), await trigger(other.id)]
    await c.tick()
    expect(sentTo('mails')).toEqual([runs[0]])
    expect(sentTo('other')).toEqual(otherRuns)
    expect((await admin('PUT', `/api/v1/workflows/${mails.id}`, { max_per_hour: 2 })).body).toMatchObject({ max_per_hour: 2, started_last_hour: 1, next_start_at: null })
    await c.tick()
    expect(sentTo('mails')).toEqual(runs.slice(0, 2))
    expect((await admin('PUT', `/api/v1/workflows/${mails.id}`, { max_per_hour: null })).body).toMatchObject({ max_per_hour: null })
    await c.tick()
    expect(sentTo('mails')).toEqual(runs)
  })

  it('counts only dispatches n8n took: one refused for good frees its place in the hour', async () => {
    const mails = await createWorkflow('mails', { max_per_hour: 1 })
    await admin('POST', '/api/v1/rpc/settings.update', { values: { WORKFLOW_MAX_RETRIES: 0 } })
    n8n.mode = 'unavailable'
    const refused = await trigger(mails.id)
    await c.tick()
    expect((await admin('GET', `/api/v1/executions/${refused}`)).body).toMatchObject({ status: 'failed' })
    n8n.mode = 'started'
    const next = await trigger(mails.id)
    await c.tick()
    expect(sentTo('mails').at(-1)).toBe(next)
    expect((await admin('GET', `/api/v1/workflows/${mails.id}`)).body).toMatchObject({ started_last_hour: 1 })
  })

  it('with both limits, the one reached holds: running slots first, then the hour', async () => {
    const videos = await createWorkflow('videos', { max_running: 1, max_per_hour: 2 })
    const runs = [await trigger(videos.id), await trigger(videos.id), await trigger(videos.id)]
    await c.tick()
    expect(sentTo('videos')).toEqual([runs[0]])
    const held = (await admin('GET', `/api/v1/executions/${runs[1]}`)).body
    expect(held).toMatchObject({ waiting_on: 'running', waiting_until: null })
    // A finish frees the slot: the second goes, which spends the hour's two.
    await reportCompleted(c, videos.id, runs[0]!)
    expect(sentTo('videos')).toEqual(runs.slice(0, 2))
    await reportCompleted(c, videos.id, runs[1]!)
    expect((await admin('GET', `/api/v1/executions/${runs[2]}`)).body).toMatchObject({ waiting_on: 'hourly' })
    expect(sentTo('videos')).toHaveLength(2)
  })

  it('a daily limit holds the rest for 24 hours from the oldest start; with both spent, the later opening holds', async () => {
    const mails = await createWorkflow('mails', { max_per_hour: 1, max_per_day: 2 })
    const t0 = c.clock.now()
    const first = await trigger(mails.id)
    await c.tick()
    c.clock.set(t0 + 10 * MINUTE)
    const second = await trigger(mails.id)
    await c.tick()
    expect((await admin('GET', `/api/v1/executions/${second}`)).body).toMatchObject({ waiting_on: 'hourly', waiting_until: t0 + HOUR })
    c.clock.set(t0 + HOUR)
    await c.tick()
    expect(sentTo('mails')).toEqual([first, second])

    const third = await trigger(mails.id)
    await c.tick()
    // The hour would allow one more at t0 + 2 h, the day only at t0 + 24 h: the day holds.
    expect((await admin('GET', `/api/v1/executions/${third}`)).body).toMatchObject({ waiting_on: 'daily', waiting_until: t0 + 24 * HOUR })
    expect((await admin('GET', `/api/v1/workflows/${mails.id}`)).body).toMatchObject({ max_per_day: 2, started_last_hour: 1, started_last_day: 2, next_start_at: t0 + 24 * HOUR })
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.full_workflows).toEqual([
      { id: mails.id, workflow_name: 'mails', held_by: 'daily', limit: 2, waiting: 1, opens_at: t0 + 24 * HOUR },
    ])
    expect(nextDue()).toBe(t0 + 24 * HOUR)
    c.clock.set(t0 + 3 * HOUR)
    await c.tick()
    expect(sentTo('mails')).toEqual([first, second])
    c.clock.set(t0 + 24 * HOUR)
    await c.tick()
    expect(sentTo('mails')).toEqual([first, second, third])
  })

  it('refuses a limit below 1, changing nothing', async () => {
    const mails = await createWorkflow('mails', { max_per_hour: 100 })
    const refused = await admin('PUT', `/api/v1/workflows/${mails.id}`, { max_per_hour: 0, max_per_day: -1 })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toContain('max_per_hour: must be at least 1 (empty for no limit)')
    expect(refused.body.message).toContain('max_per_day: must be at least 1 (empty for no limit)')
    expect((await admin('GET', `/api/v1/workflows/${mails.id}`)).body.max_per_hour).toBe(100)
  })
})
