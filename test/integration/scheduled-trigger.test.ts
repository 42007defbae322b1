import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const NOW = Date.UTC(2026, 10, 27, 9, 0)

describe('a trigger scheduled for later', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, sentTo } = workflowRuns(() => c, () => n8n)
  const triggerAt = (workflowId: number, send_at: unknown) => admin('POST', `/api/v1/workflows/${workflowId}/trigger`, { input_data: { issue: 48 }, send_at })
  const comingUp = async () => (await admin('GET', '/api/v1/monitoring/dashboard')).body.coming_up as { kind: string; at: number; count: number; id: number | null }[]
  const nextDue = () => c.core.internals.outbox.nextDueAt(c.clock.now())

  // Backups off: the next one would be among what comes up.
  coreAndFakeN8nPerTest({ FLOWGATE_BACKUP_INTERVAL_HOURS: '0' }, (core, fake) => ((c = core), (n8n = fake)))

  it('goes to n8n at its moment and not before; the execution and Coming up say when', async () => {
    c.clock.set(NOW)
    const digest = await createWorkflow('digest')
    const sendAt = NOW + 2 * HOUR
    const created = await triggerAt(digest.id, sendAt)
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ status: 'pending', send_at: sendAt, waiting_on: null })
    const id = created.body.id as number
    await c.tick()
    expect(sentTo('digest')).toEqual([])
    expect(await comingUp()).toEqual([expect.objectContaining({ kind: 'dispatch_scheduled', at: sendAt, count: 1, id })])
    // The scheduler sleeps until then: nothing earlier is due.
    expect(nextDue()).toBe(sendAt)
    c.clock.set(sendAt - 1)
    await c.tick()
    expect(sentTo('digest')).toEqual([])

    c.clock.set(sendAt)
    await c.tick()
    expect(sentTo('digest')).toEqual([id])
    expect((await admin('GET', `/api/v1/executions/${id}`)).body).toMatchObject({ status: 'running', send_at: sendAt })
    // Running now, only its timeout is left to come.
    expect((await comingUp()).map((item) => item.kind)).toEqual(['execution_times_out'])
  })

  it('lists, exports and cancels exactly those scheduled and not sent yet', async () => {
    c.clock.set(NOW)
    const digest = await createWorkflow('digest')
    const now = (await admin('POST', `/api/v1/workflows/${digest.id}/trigger`, {})).body.id as number
    const soon = (await triggerAt(digest.id, NOW + HOUR)).body.id as number
    const later = (await triggerAt(digest.id, NOW + 2 * HOUR)).body.id as number
    await c.tick()
    expect(sentTo('digest')).toEqual([now])
    const listed = (await admin('GET', '/api/v1/executions?scheduled=true')).body
    expect(listed).toMatchObject({ total: 2, items: [{ id: later }, { id: soon }] })
    c.clock.set(NOW + HOUR)
    await c.tick()
    expect(sentTo('digest')).toEqual([now, soon])
    expect((await admin('GET', '/api/v1/executions?scheduled=true')).body).toMatchObject({ total: 1, items: [{ id: later }] })
    expect((await admin('POST', '/api/v1/executions/bulk-cancel', { filter: { scheduled: true } })).body).toMatchObject({ cancelled: [later], skipped: [], remaining: 0 })
    c.clock.set(NOW + 2 * HOUR)
    await c.tick()
    expect(sentTo('digest')).toEqual([now, soon])
  })

  it('refuses a moment passed, one more than a year ahead, or not a moment, with what is wrong, and creates nothing', async () => {
    c.clock.set(NOW)
    const digest = await createWorkflow('digest')
    const passed = await triggerAt(digest.id, NOW - MINUTE)
    expect(passed).toMatchObject({ status: 400, body: { message: 'send_at: 2026-11-27T08:59:00.000Z has passed; choose a moment in the future, or leave it out to send now' } })
    const far = await triggerAt(digest.id, NOW + 400 * 24 * HOUR)
    expect(far).toMatchObject({ status: 400, body: { message: 'send_at: 2028-01-01T09:00:00.000Z is more than a year ahead' } })
    const words = await triggerAt(digest.id, 'tomorrow')
    expect(words.status).toBe(400)
    expect(words.body.message).toMatch(/send_at/)
    expect((await admin('GET', '/api/v1/executions')).body.total).toBe(0)
  })

  it('approved early, it still waits for its moment; sent now anyway, it goes at once', async () => {
    c.clock.set(NOW)
    const deploy = await createWorkflow('deploy', { requires_approval: true })
    const sendAt = NOW + 8 * HOUR
    const id = (await triggerAt(deploy.id, sendAt)).body.id as number
    const approval = ((await admin('GET', `/api/v1/executions/${id}`)).body.approvals as { id: number }[])[0]!.id
    expect((await admin('POST', `/api/v1/approvals/${approval}/approve`, { approver_name: 'Ada' })).status).toBe(200)
    c.clock.advance(MINUTE)
    await c.tick()
    expect(sentTo('deploy')).toEqual([])
    expect(await comingUp()).toEqual([expect.objectContaining({ kind: 'dispatch_scheduled', at: sendAt, id })])

    expect((await admin('POST', `/api/v1/executions/${id}/send-now`)).status).toBe(200)
    await c.tick()
    expect(sentTo('deploy')).toEqual([id])
  })

  it('waits for its moment first, then for its workflow’s limits: held back only once its time has come', async () => {
    c.clock.set(NOW)
    const mails = await createWorkflow('mails', { max_per_hour: 1 })
    const first = (await admin('POST', `/api/v1/workflows/${mails.id}/trigger`, {})).body.id as number
    await c.tick()
    expect(sentTo('mails')).toEqual([first])
    const later = (await triggerAt(mails.id, NOW + 30 * MINUTE)).body.id as number
    // Not yet due: it waits on its schedule, not on the limit.
    expect((await admin('GET', `/api/v1/executions/${later}`)).body).toMatchObject({ waiting_on: null, send_at: NOW + 30 * MINUTE })
    expect((await admin('GET', '/api/v1/executions?held_back=true')).body.total).toBe(0)
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.full_workflows).toEqual([])

    c.clock.set(NOW + 30 * MINUTE)
    await c.tick()
    expect(sentTo('mails')).toEqual([first])
    expect((await admin('GET', `/api/v1/executions/${later}`)).body).toMatchObject({ waiting_on: 'hourly', waiting_until: NOW + HOUR })
    expect((await admin('GET', '/api/v1/executions?held_back=true')).body.total).toBe(1)
    c.clock.set(NOW + HOUR)
    await c.tick()
    expect(sentTo('mails')).toEqual([first, later])
  })

  it('moved later or earlier, it goes at its new moment; sent, it can no longer be moved', async () => {
    c.clock.set(NOW)
    const deploy = await createWorkflow('deploy')
    const id = (await triggerAt(deploy.id, NOW + 2 * HOUR)).body.id as number
    const later = await admin('POST', `/api/v1/executions/${id}/reschedule`, { send_at: NOW + 4 * HOUR })
    expect(later).toMatchObject({ status: 200, body: { id, status: 'pending', send_at: NOW + 4 * HOUR } })
    expect(nextDue()).toBe(NOW + 4 * HOUR)
    expect(await comingUp()).toEqual([expect.objectContaining({ kind: 'dispatch_scheduled', at: NOW + 4 * HOUR, id })])
    c.clock.set(NOW + 2 * HOUR)
    await c.tick()
    expect(sentTo('deploy')).toEqual([])

    expect((await admin('POST', `/api/v1/executions/${id}/reschedule`, { send_at: NOW + 2 * HOUR - MINUTE })).body).toEqual({
      error: 'validation',
      message: 'send_at: 2026-11-27T10:59:00.000Z has passed; choose a moment in the future, or leave it out to send now',
    })
    expect((await admin('POST', `/api/v1/executions/${id}/reschedule`, { send_at: NOW + 3 * HOUR })).status).toBe(200)
    c.clock.set(NOW + 3 * HOUR)
    await c.tick()
    expect(sentTo('deploy')).toEqual([id])
    expect(await admin('POST', `/api/v1/executions/${id}/reschedule`, { send_at: NOW + 5 * HOUR })).toMatchObject({
      status: 409,
      body: { message: `Execution ${id} is running; only a pending execution can be sent at another moment` },
    })
    const audit = (await admin('GET', `/api/v1/monitoring/events?execution_id=${id}`)).body.items as { event_data: { summary?: string } }[]
    expect(audit.map((event) => event.event_data.summary).filter(Boolean)).toEqual([
      `moved execution #${id} to be sent to n8n at 2026-11-27T12:00:00.000Z`,
      `moved execution #${id} to be sent to n8n at 2026-11-27T13:00:00.000Z`,
    ])
  })

  it('one waiting for its approval keeps the moment it was moved to', async () => {
    c.clock.set(NOW)
    const deploy = await createWorkflow('deploy', { requires_approval: true })
    const id = (await admin('POST', `/api/v1/workflows/${deploy.id}/trigger`, {})).body.id as number
    expect((await admin('POST', `/api/v1/executions/${id}/reschedule`, { send_at: NOW + HOUR })).status).toBe(200)
    const approval = ((await admin('GET', `/api/v1/executions/${id}`)).body.approvals as { id: number }[])[0]!.id
    await admin('POST', `/api/v1/approvals/${approval}/approve`, { approver_name: 'Ada' })
    c.clock.advance(MINUTE)
    await c.tick()
    expect(sentTo('deploy')).toEqual([])
    c.clock.set(NOW + HOUR)
    await c.tick()
    expect(sentTo('deploy')).toEqual([id])
  })
})
