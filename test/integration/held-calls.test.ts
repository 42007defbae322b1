import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { approvalRequests, coreAndFakeN8nPerTest } from '../helpers/approval-requests'

describe("holding a workflow's calls to n8n", () => {
  let c: RunningCore
  let n8n: FakeN8n
  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const sqlite = () => c.core.internals.database.sqlite
  const createWorkflow = async (name: string, extra: object = {}) =>
    (await admin('POST', '/api/v1/workflows', { workflow_name: name, webhook_url: n8n.webhookUrl(name), ...extra })).body as { id: number; calls_held: boolean; waiting_calls: number }
  const trigger = async (workflowId: number) => (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, { input_data: { n: 1 } })).body.id as number

  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  const { n8nAsks } = approvalRequests(() => c, () => n8n)

  it('keeps its dispatches in the outbox, due never, while other workflows run; released, they go at once', async () => {
    const held = await createWorkflow('held')
    const other = await createWorkflow('other')
    expect(held).toMatchObject({ calls_held: false, waiting_calls: 0 })
    expect((await admin('PUT', `/api/v1/workflows/${held.id}`, { calls_held: true })).body).toMatchObject({ calls_held: true })
    const heldRun = await trigger(held.id)
    const otherRun = await trigger(other.id)
    await c.tick()
    expect(n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([otherRun])
    expect((await admin('GET', `/api/v1/executions/${heldRun}`)).body).toMatchObject({ status: 'pending', calls_held: true })
    expect((await admin('GET', `/api/v1/executions/${otherRun}`)).body.calls_held).toBe(false)
    const listed = (await admin('GET', '/api/v1/executions')).body.items as { id: number; calls_held: boolean }[]
    expect(listed.map((e) => [e.id, e.calls_held])).toEqual([
      [otherRun, false],
      [heldRun, true],
    ])
    expect((await admin('GET', `/api/v1/workflows/${held.id}`)).body).toMatchObject({ calls_held: true, waiting_calls: 1 })
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.held_workflows).toEqual([{ id: held.id, workflow_name: 'held', waiting_calls: 1, reason: null }])
    // Nothing is due: the scheduler sleeps instead of looking again and again.
    c.clock.advance(3_600_000)
    await c.tick()
    const next = c.core.internals.scheduler.nextDueAt()
    expect(next === null || next > c.clock.now()).toBe(true)
    expect(n8n.received).toHaveLength(1)

    expect((await admin('PUT', `/api/v1/workflows/${held.id}`, { calls_held: false })).body).toMatchObject({ calls_held: false })
    await c.tick()
    expect(n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([otherRun, heldRun])
    expect((await admin('GET', `/api/v1/workflows/${held.id}`)).body.waiting_calls).toBe(0)
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.held_workflows).toEqual([])
    expect((await admin('GET', `/api/v1/executions/${heldRun}`)).body).toMatchObject({ status: 'running', calls_held: false })
    expect(((await admin('GET', '/api/v1/executions')).body.items as { calls_held: boolean }[]).map((e) => e.calls_held)).toEqual([false, false])
  })

  it('holds the decisions n8n waits on too, and says so in the activity log', async () => {
    const workflow = await createWorkflow('asks', { calls_held: true })
    const approval = await n8nAsks(workflow.id, '61')
    await admin('POST', `/api/v1/approvals/${approval}/approve`, { approver_name: 'Ada' })
    await c.tick()
    expect(n8n.resumes).toHaveLength(0)
    expect((await admin('GET', '/api/v1/workflows')).body.items).toEqual([expect.objectContaining({ id: workflow.id, calls_held: true, waiting_calls: 1 })])
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.resume_call).toMatchObject({ status: 'pending', attempts: 0, held: true })
    await admin('PUT', `/api/v1/workflows/${workflow.id}`, { calls_held: false })
    await c.tick()
    expect(n8n.resumes.map((r) => [r.id, r.body.decision])).toEqual([['61', 'approved']])
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.resume_call).toMatchObject({ status: 'done', held: false })
    await c.core.internals.monitor.flush()
    const actions = sqlite().prepare("select event_data from workflow_monitoring where event_type = 'operator_action'").pluck().all() as string[]
    expect(actions.map((a) => JSON.parse(a).summary)).toContain('released the held calls to n8n of workflow "asks"')
  })

  it('lets the held calls go when the workflow is deleted, since nothing could release them after', async () => {
    const workflow = await createWorkflow('leaving', { calls_held: true })
    const approval = await n8nAsks(workflow.id, '62')
    await admin('POST', `/api/v1/approvals/${approval}/reject`, { approver_name: 'Ada' })
    await c.tick()
    expect(n8n.resumes).toHaveLength(0)
    expect((await admin('DELETE', `/api/v1/workflows/${workflow.id}`)).status).toBe(200)
    await c.tick()
    expect(n8n.resumes.map((r) => [r.id, r.body.decision])).toEqual([['62', 'rejected']])
  })

  it('refuses a hold that is not true or false, and changes nothing', async () => {
    const workflow = await createWorkflow('strict')
    const answer = await admin('PUT', `/api/v1/workflows/${workflow.id}`, { calls_held: 'yes' })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toMatch(/calls_held/)
    expect((await admin('GET', `/api/v1/workflows/${workflow.id}`)).body.calls_held).toBe(false)
  })
})
