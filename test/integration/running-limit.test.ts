import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { reportCompleted } from '../helpers/n8n-callbacks'

describe("a workflow's limit on executions running in n8n at once", () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger, sentTo } = workflowRuns(() => c, () => n8n)
  const completed = (workflowId: number, executionId: number) => reportCompleted(c, workflowId, executionId)

  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  it('sends only as many as it allows; the rest wait for a slot a finished one frees, while other workflows go on', async () => {
    const videos = await createWorkflow('videos', { max_running: 2 })
    const other = await createWorkflow('other')
    const runs = [await trigger(videos.id), await trigger(videos.id), await trigger(videos.id), await trigger(videos.id)]
    const otherRun = await trigger(other.id)
    await c.tick()
    await c.tick()
    expect(sentTo('videos')).toEqual(runs.slice(0, 2))
    expect(sentTo('other')).toEqual([otherRun])
    expect((await admin('GET', `/api/v1/workflows/${videos.id}`)).body).toMatchObject({ max_running: 2, running: 2, waiting_calls: 2 })
    const listed = (await admin('GET', `/api/v1/executions?workflow_id=${videos.id}`)).body.items as { id: number; status: string; waiting_on: string | null }[]
    expect(listed.map((e) => [e.id, e.status, e.waiting_on]).reverse()).toEqual([
      [runs[0], 'running', null],
      [runs[1], 'running', null],
      [runs[2], 'pending', 'running'],
      [runs[3], 'pending', 'running'],
    ])
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.full_workflows).toEqual([
      { id: videos.id, workflow_name: 'videos', held_by: 'running', limit: 2, waiting: 2, opens_at: null },
    ])
    // Waiting for a slot is not due: the scheduler sleeps, and ticking again sends nothing more.
    c.clock.advance(60_000)
    await c.tick()
    const next = c.core.internals.scheduler.nextDueAt()
    expect(next === null || next > c.clock.now()).toBe(true)
    expect(sentTo('videos')).toHaveLength(2)

    await completed(videos.id, runs[0]!)
    expect(sentTo('videos')).toEqual(runs.slice(0, 3))
    expect((await admin('GET', `/api/v1/executions/${runs[3]}`)).body).toMatchObject({ status: 'pending', waiting_on: 'running' })

    // A higher limit lets the rest go at once; none at all, likewise.
    expect((await admin('PUT', `/api/v1/workflows/${videos.id}`, { max_running: 4 })).body).toMatchObject({ max_running: 4 })
    await c.tick()
    expect(sentTo('videos')).toEqual(runs)
    expect((await admin('GET', `/api/v1/workflows/${videos.id}`)).body).toMatchObject({ running: 3, waiting_calls: 0 })
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.full_workflows).toEqual([])
    expect((await admin('PUT', `/api/v1/workflows/${videos.id}`, { max_running: null })).body).toMatchObject({ max_running: null })
  })

  it('frees the slot of a dispatch n8n refused for good', async () => {
    const videos = await createWorkflow('videos', { max_running: 1 })
    n8n.mode = 'unavailable'
    await admin('POST', '/api/v1/rpc/settings.update', { values: { WORKFLOW_MAX_RETRIES: 0 } })
    const refused = await trigger(videos.id)
    await c.tick()
    expect((await admin('GET', `/api/v1/executions/${refused}`)).body).toMatchObject({ status: 'failed' })
    n8n.mode = 'started'
    const next = await trigger(videos.id)
    await c.tick()
    expect(sentTo('videos')).toEqual([next])
    expect((await admin('GET', `/api/v1/workflows/${videos.id}`)).body).toMatchObject({ running: 1, waiting_calls: 0 })
  })

  it('a backlog that should not run after all is cancelled in one go; those already running are left alone unless named', async () => {
    const videos = await createWorkflow('videos', { max_running: 1 })
    const runs = [await trigger(videos.id), await trigger(videos.id), await trigger(videos.id)]
    await c.tick()
    expect(sentTo('videos')).toEqual([runs[0]])
    const backlog = await admin('POST', '/api/v1/executions/bulk-cancel', { filter: { workflow_id: videos.id } })
    expect(backlog).toMatchObject({ status: 200, body: { cancelled: [runs[1], runs[2]], skipped: [], remaining: 0 } })
    await completed(videos.id, runs[0]!)
    c.clock.advance(3_600_000)
    await c.tick()
    expect(sentTo('videos')).toEqual([runs[0]])
    expect((await admin('GET', `/api/v1/workflows/${videos.id}`)).body).toMatchObject({ running: 0, waiting_calls: 0 })
    // Named ids: one that has finished is skipped with its reason.
    const named = await admin('POST', '/api/v1/executions/bulk-cancel', { ids: [runs[0], 999_999] })
    expect(named.body).toEqual({
      cancelled: [],
      skipped: [
        { id: runs[0], reason: `Execution ${runs[0]} is completed; only pending or running executions can be cancelled` },
        { id: 999_999, reason: 'Execution 999999 does not exist' },
      ],
      remaining: 0,
    })
    expect((await admin('POST', '/api/v1/executions/bulk-cancel', { filter: { status: 'failed' } })).status).toBe(400)
    const audit = (await admin('GET', '/api/v1/monitoring/events?event_type=operator_action')).body.items as { event_data: { summary: string } }[]
    expect(audit.map((event) => event.event_data.summary)).toContain('cancelled 2 executions')
  })

  it('refuses a limit below 1, changing nothing', async () => {
    const videos = await createWorkflow('videos', { max_running: 3 })
    const refused = await admin('PUT', `/api/v1/workflows/${videos.id}`, { max_running: 0 })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toContain('max_running: must be at least 1 (empty for no limit)')
    expect((await admin('GET', `/api/v1/workflows/${videos.id}`)).body.max_running).toBe(3)
  })
})
