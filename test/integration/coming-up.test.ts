import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { approvalRequests, coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'

const MINUTE = 60_000
// Local wall-clock times, so the test reads the same in every time zone. 10 January 2026 is a Saturday.
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 0, day, hours, minutes).getTime()

describe('coming up: what Flowgate will do next on its own', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger } = workflowRuns(() => c, () => n8n)
  const { gatedExecution } = approvalRequests(() => c, () => n8n)
  const comingUp = async () => (await admin('GET', '/api/v1/monitoring/dashboard')).body.coming_up as { kind: string; at: number; count: number; id: number | null; workflow_name: string | null }[]

  // Backups off here: the next one is tested on its own below.
  coreAndFakeN8nPerTest({ FLOWGATE_BACKUP_INTERVAL_HOURS: '0' }, (core, fake) => ((c = core), (n8n = fake)))

  it('lists, soonest first, dispatches a window lets go, calls and webhooks tried again, approvals expiring and executions timing out', async () => {
    const now = at(10, 12)
    c.clock.set(now)
    const digest = await createWorkflow('digest', { send_window: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' } })
    await trigger(digest.id)
    await trigger(digest.id)
    // Two running executions, whose deadline is the default timeout (300 s) after they were sent: one line.
    const videos = await createWorkflow('videos')
    const running = [await trigger(videos.id), await trigger(videos.id)]
    await c.tick()
    // n8n down: a dispatch in its backoff (60 s × jitter 1.0 at attempt 1).
    n8n.mode = 'unavailable'
    const mails = await createWorkflow('mails')
    await trigger(mails.id)
    await c.tick()
    // An approval, expiring after the default 24 h.
    const { approval } = await gatedExecution()
    // A webhook waiting to be processed again.
    c.core.internals.database.sqlite
      .prepare("insert into webhook_queue (workflow_id, kind, webhook_payload, status, retry_count, next_retry_at, received_at, created_at, updated_at) values (?, 'trigger', '{}', 'queued', 1, ?, ?, ?, ?)")
      .run(mails.id, now + 2 * MINUTE, now, now, now)
    // A workflow n8n should run at least every two days, not heard from yet; one already quiet is not coming up.
    await createWorkflow('nightly', { expect_run_every_hours: 48 })
    c.core.internals.database.sqlite
      .prepare("insert into n8n_workflows (workflow_name, trigger_events, expect_run_every_hours, created_at, updated_at) values ('lapsed', '[]', 1, ?, ?)")
      .run(now - 2 * 3_600_000, now)

    const items = await comingUp()
    expect(items.map((item) => [item.kind, item.workflow_name, item.count, item.id])).toEqual([
      ['dispatch_retry', 'mails', 1, null],
      ['webhook_retry', 'mails', 1, null],
      ['execution_times_out', 'videos', 2, running[0]],
      ['approval_expires', expect.stringMatching(/^g-/), 1, approval],
      ['window_opens', 'digest', 2, null],
      ['quiet_unless_heard', 'nightly', 1, null],
    ])
    expect(items[5]!.at).toBe(now + 48 * 3_600_000)
    expect(items.map((item) => item.at)).toEqual([...items.map((item) => item.at)].sort((a, b) => a - b))
    expect(items[2]!.at).toBe(now + 300_000)
    expect(items[4]!.at).toBe(at(12, 8))
    expect(items.every((item) => item.at > now)).toBe(true)
  })

  it('says nothing of what no clock drives: calls held for a workflow wait for the operator', async () => {
    c.clock.set(at(10, 12))
    n8n.mode = 'unavailable'
    const mails = await createWorkflow('mails')
    await trigger(mails.id)
    await c.tick()
    expect((await comingUp()).map((item) => item.kind)).toEqual(['dispatch_retry'])
    await admin('PUT', `/api/v1/workflows/${mails.id}`, { calls_held: true })
    expect(await comingUp()).toEqual([])
  })
})

describe('coming up: the next automatic backup', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin } = workflowRuns(() => c, () => n8n)
  const comingUp = async () => (await admin('GET', '/api/v1/monitoring/dashboard')).body.coming_up as { kind: string; at: number }[]

  // Backups on by default; set through Settings, not the environment, so they can be switched off.
  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  it('is named with its time while backups are on, and not once they are off', async () => {
    const due = c.core.internals.backups.nextDueAt()!
    expect(due).toBeGreaterThan(c.clock.now())
    expect(await comingUp()).toEqual([{ kind: 'backup', at: due, count: 1, id: null, workflow_id: null, workflow_name: null }])
    expect((await admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_BACKUP_INTERVAL_HOURS: 0 } })).status).toBe(200)
    expect(await comingUp()).toEqual([])
  })
})
