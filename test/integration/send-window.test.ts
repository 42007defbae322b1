import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { approvalRequests, coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'

// Local wall-clock times, so the test reads the same in every time zone. 9 January 2026 is a Friday.
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 0, day, hours, minutes).getTime()
const officeHours = { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }

describe("a workflow's send window", () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger, sentTo } = workflowRuns(() => c, () => n8n)
  const { n8nAsks } = approvalRequests(() => c, () => n8n)
  const nextDue = () => c.core.internals.outbox.nextDueAt(c.clock.now())

  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  it('holds dispatches outside its hours, says until when, and sends them in order when it opens', async () => {
    c.clock.set(at(9, 19))
    const mails = await createWorkflow('mails', { send_window: { days: [5, 4, 3, 2, 1, 1], from: '08:00', to: '18:00' } })
    const other = await createWorkflow('other')
    const runs = [await trigger(mails.id), await trigger(mails.id)]
    const otherRun = await trigger(other.id)
    await c.tick()
    expect(sentTo('mails')).toEqual([])
    expect(sentTo('other')).toEqual([otherRun])

    const monday = at(12, 8)
    expect((await admin('GET', `/api/v1/workflows/${mails.id}`)).body).toMatchObject({ send_window: officeHours, next_start_at: monday, waiting_calls: 2 })
    expect((await admin('GET', `/api/v1/executions/${runs[0]}`)).body).toMatchObject({ status: 'pending', waiting_on: 'window', waiting_until: monday })
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.full_workflows).toEqual([
      { id: mails.id, workflow_name: 'mails', held_by: 'window', limit: null, waiting: 2, opens_at: monday },
    ])
    // The weekend passes without a look; Monday at eight both go, oldest first.
    expect(nextDue()).toBe(monday)
    c.clock.set(monday - 1)
    await c.tick()
    expect(sentTo('mails')).toEqual([])
    c.clock.set(monday)
    await c.tick()
    expect(sentTo('mails')).toEqual(runs)
    expect((await admin('GET', `/api/v1/workflows/${mails.id}`)).body).toMatchObject({ next_start_at: null, started_last_hour: 2 })
  })

  it('within its hours the other limits still apply, and removing the window lets everything go', async () => {
    c.clock.set(at(12, 17, 30))
    const mails = await createWorkflow('mails', { send_window: officeHours, max_per_hour: 1 })
    const runs = [await trigger(mails.id), await trigger(mails.id)]
    await c.tick()
    expect(sentTo('mails')).toEqual([runs[0]])
    expect((await admin('GET', `/api/v1/executions/${runs[1]}`)).body).toMatchObject({ waiting_on: 'hourly' })
    // At 18:30 the hour has passed but the window has closed: it waits for Tuesday.
    c.clock.set(at(12, 18, 30))
    await c.tick()
    expect(sentTo('mails')).toEqual([runs[0]])
    expect((await admin('GET', `/api/v1/executions/${runs[1]}`)).body).toMatchObject({ waiting_on: 'window' })
    expect(nextDue()).toBe(at(13, 8))
    expect((await admin('PUT', `/api/v1/workflows/${mails.id}`, { send_window: null })).body).toMatchObject({ send_window: null })
    await c.tick()
    expect(sentTo('mails')).toEqual(runs)
  })

  it("sends one now at the operator's word, past the closed window and the hourly limit, and only that one", async () => {
    c.clock.set(at(10, 12)) // a Saturday
    const mails = await createWorkflow('mails', { send_window: officeHours, max_per_hour: 1 })
    const runs = [await trigger(mails.id), await trigger(mails.id), await trigger(mails.id)]
    await c.tick()
    expect(sentTo('mails')).toEqual([])
    const urgent = await admin('POST', `/api/v1/executions/${runs[1]}/send-now`)
    expect(urgent.status).toBe(200)
    await c.tick()
    expect(sentTo('mails')).toEqual([runs[1]])
    expect((await admin('GET', `/api/v1/executions/${runs[1]}`)).body).toMatchObject({ status: 'running', waiting_on: null })
    // Like any start, it counts toward the hourly limit.
    expect((await admin('GET', `/api/v1/workflows/${mails.id}`)).body).toMatchObject({ started_last_hour: 1, waiting_calls: 2 })
    expect((await admin('GET', `/api/v1/executions/${runs[2]}`)).body).toMatchObject({ status: 'pending', waiting_on: 'window' })
    const audit = (await admin('GET', `/api/v1/monitoring/events?execution_id=${runs[1]}`)).body.items as { event_type: string; event_data: { summary?: string } }[]
    expect(audit.map((event) => event.event_data.summary).filter(Boolean)).toContain(`sent execution #${runs[1]} to n8n now, past its schedule and its workflow's limits`)

    // Nothing waits for an execution already sent, or one still waiting for its approval.
    const again = await admin('POST', `/api/v1/executions/${runs[1]}/send-now`)
    expect(again).toMatchObject({ status: 409, body: { message: `Execution ${runs[1]} is running; only a pending execution waits to be sent` } })
    const gated = await createWorkflow('gated', { requires_approval: true })
    const waitingForApproval = await trigger(gated.id)
    const refused = await admin('POST', `/api/v1/executions/${waitingForApproval}/send-now`)
    expect(refused).toMatchObject({ status: 409, body: { message: `Execution ${waitingForApproval} has no dispatch waiting to be sent: it waits for an approval first` } })
  })

  it("a hold on the workflow's calls still holds one sent now, until released", async () => {
    c.clock.set(at(10, 12))
    const mails = await createWorkflow('mails', { send_window: officeHours, calls_held: true })
    const run = await trigger(mails.id)
    expect((await admin('POST', `/api/v1/executions/${run}/send-now`)).status).toBe(200)
    await c.tick()
    expect(sentTo('mails')).toEqual([])
    await admin('PUT', `/api/v1/workflows/${mails.id}`, { calls_held: false })
    await c.tick()
    expect(sentTo('mails')).toEqual([run])
  })

  it('never holds the answer n8n waits for: a decision resumes it while the window is closed', async () => {
    c.clock.set(at(10, 12)) // a Saturday
    const mails = await createWorkflow('mails', { send_window: officeHours })
    const approval = await n8nAsks(mails.id, '81')
    expect((await admin('POST', `/api/v1/approvals/${approval}/approve`, { approver_name: 'Ada' })).status).toBe(200)
    await c.tick()
    expect(n8n.resumes.map((resume) => [resume.id, resume.body.decision])).toEqual([['81', 'approved']])
  })

  it('refuses a window that cannot be, changing nothing', async () => {
    const mails = await createWorkflow('mails', { send_window: officeHours })
    const refused = await admin('PUT', `/api/v1/workflows/${mails.id}`, { send_window: { days: [], from: '25:00', to: '18:00' } })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toContain('send_window.days: must name at least one day (0 Sunday … 6 Saturday)')
    expect(refused.body.message).toContain('send_window.from: must be a time as HH:MM')
    expect((await admin('GET', `/api/v1/workflows/${mails.id}`)).body.send_window).toEqual(officeHours)
  })
})
