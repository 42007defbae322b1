import { describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import type { FakeN8n } from '../helpers/fake-n8n'
import { TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { json, sign } from '../helpers/sign'
import { tempDir } from '../helpers/temp'

const HOUR = 3_600_000

describe('workflows expected to be heard from regularly', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger } = workflowRuns(() => c, () => n8n)
  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  const quietListed = async () => (await admin('GET', '/api/v1/monitoring/dashboard')).body.quiet_workflows as { id: number; last_heard_at: number | null; quiet_since: number }[]
  const warnings = () => c.events('workflow_quiet') as { reason: string }[]
  /** n8n's own cron run reporting to Flowgate: a signed trigger webhook. */
  const webhookFromN8n = async (workflowId: number) => {
    const text = JSON.stringify({ lead: 'x' })
    const answer = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', body: text, headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) } })
    expect(answer.status).toBe(202)
    await c.tick()
  }

  it('warn once when one falls quiet, clear when it is heard from, and warn again at the next lapse', async () => {
    const created = c.clock.now()
    const nightly = await createWorkflow('nightly', { expect_run_every_hours: 24 })
    const untimed = await createWorkflow('untimed')
    const paused = await createWorkflow('paused', { expect_run_every_hours: 1, is_active: false })
    expect((await admin('GET', `/api/v1/workflows/${nightly.id}`)).body).toMatchObject({ expect_run_every_hours: 24, last_heard_at: null, quiet_since: null })

    c.clock.set(created + 24 * HOUR - 1)
    await c.tick()
    expect(await quietListed()).toEqual([])
    expect(warnings()).toEqual([])

    c.clock.set(created + 24 * HOUR)
    await c.tick()
    await c.tick()
    expect(await quietListed()).toEqual([{ id: nightly.id, workflow_name: 'nightly', expect_run_every_hours: 24, last_heard_at: null, quiet_since: created + 24 * HOUR }])
    expect(warnings()).toEqual([{ reason: '"nightly" has never been heard from (expected at least every 24 h)', last_heard_at: null, expect_run_every_hours: 24 }])
    expect((await admin('GET', `/api/v1/workflows/${nightly.id}`)).body).toMatchObject({ quiet_since: created + 24 * HOUR })
    expect((await admin('GET', `/api/v1/workflows/${untimed.id}`)).body).toMatchObject({ expect_run_every_hours: null, quiet_since: null })
    expect((await admin('GET', `/api/v1/workflows/${paused.id}`)).body).toMatchObject({ expect_run_every_hours: 1, quiet_since: null })

    // A webhook from n8n is hearing from it: no longer quiet, and no new warning until it lapses again.
    c.clock.advance(2 * HOUR)
    const heardAt = c.clock.now()
    await webhookFromN8n(nightly.id)
    expect(await quietListed()).toEqual([])
    expect((await admin('GET', `/api/v1/workflows/${nightly.id}`)).body).toMatchObject({ last_heard_at: heardAt, quiet_since: null })
    c.clock.set(heardAt + 24 * HOUR - 1)
    await c.tick()
    expect(warnings()).toHaveLength(1)
    c.clock.set(heardAt + 26 * HOUR)
    await c.tick()
    await c.tick()
    expect(warnings().map((w) => w.reason)).toEqual(['"nightly" has never been heard from (expected at least every 24 h)', '"nightly" has not been heard from for 26 h 00 min (expected at least every 24 h)'])

    // An execution Flowgate starts counts too.
    const execution = await trigger(nightly.id)
    expect(execution).toBeGreaterThan(0)
    expect((await admin('GET', `/api/v1/workflows/${nightly.id}`)).body).toMatchObject({ last_heard_at: c.clock.now(), quiet_since: null })
  })

  it('switching a paused workflow on, or setting an expectation, is taken up at once', async () => {
    const weekly = await createWorkflow('weekly', { is_active: false, expect_run_every_hours: 1 })
    c.clock.advance(3 * HOUR)
    await c.tick()
    expect(warnings()).toEqual([])
    expect((await admin('PUT', `/api/v1/workflows/${weekly.id}`, { is_active: true })).status).toBe(200)
    await c.tick()
    await c.tick()
    expect(warnings()).toHaveLength(1)
    expect((await quietListed()).map((w) => w.id)).toEqual([weekly.id])
    // A longer expectation ends the quiet spell; off, it is never listed.
    expect((await admin('PUT', `/api/v1/workflows/${weekly.id}`, { expect_run_every_hours: 168 })).body).toMatchObject({ quiet_since: null })
    expect(await quietListed()).toEqual([])
    expect((await admin('PUT', `/api/v1/workflows/${weekly.id}`, { expect_run_every_hours: null })).body).toMatchObject({ expect_run_every_hours: null })
  })

  it.each([
    [0, 'expect_run_every_hours: must be at least 1 hour (empty for no expectation)'],
    [745, 'expect_run_every_hours: must be at most 744 hours (31 days)'],
    [1.5, 'expect_run_every_hours'],
  ])('refuses an expectation of %s hours, changing nothing', async (hours, message) => {
    const workflow = await createWorkflow('strict', { expect_run_every_hours: 12 })
    const answer = await admin('PUT', `/api/v1/workflows/${workflow.id}`, { expect_run_every_hours: hours })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toContain(message)
    expect((await admin('GET', `/api/v1/workflows/${workflow.id}`)).body).toMatchObject({ expect_run_every_hours: 12 })
  })
})

it('a quiet spell warned about before a restart is not warned about again after it', async () => {
  const { dir, cleanup } = tempDir()
  const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN }
  const clock = new ManualClock()
  const first = createCore({ dataDir: dir, config, clock, log: silentLog })
  await first.start()
  const workflow = await first.api['workflows.update']({
    id: (await first.api['workflows.create']({ workflow_name: 'Hourly', trigger_events: [], is_active: true, requires_approval: false, auto_approval_enabled: false, calls_held: false, alerts_muted: false, default_approval_type: 'workflow_execution', default_priority: 'medium' })).id,
    changes: { expect_run_every_hours: 1 },
  })
  const quietEvents = (core: typeof first) => core.internals.database.sqlite.prepare("select count(*) from workflow_monitoring where event_type = 'workflow_quiet' and workflow_id = ?").pluck().get(workflow.id)
  clock.advance(2 * HOUR)
  await first.internals.scheduler.tick()
  await first.stop()

  const second = createCore({ dataDir: dir, config, clock, log: silentLog })
  await second.start()
  expect(quietEvents(second)).toBe(1)
  clock.advance(10 * 60_000)
  await second.internals.scheduler.tick()
  await new Promise((r) => setTimeout(r, 50))
  expect(quietEvents(second)).toBe(1)
  await second.stop()
  cleanup()
})
