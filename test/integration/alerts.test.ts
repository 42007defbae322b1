import net from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeAlertService } from '../helpers/fake-alert-service'
import { FakeN8n } from '../helpers/fake-n8n'
import { listenOnLoopback } from '../helpers/loopback'
import { reportFailed } from '../helpers/n8n-callbacks'
import { startTestCore, TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { createCore, type Core } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { workflowRuns } from '../helpers/workflow-runs'

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

describe('alerts sent elsewhere: gathered, paced, tried again, never lost silently', () => {
  let c: RunningCore
  let n8n: FakeN8n
  let service: FakeAlertService
  const runs = workflowRuns(() => c, () => n8n)

  beforeEach(async () => {
    n8n = new FakeN8n()
    service = new FakeAlertService()
    await Promise.all([n8n.start(), service.start()])
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    const saved = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_URL: service.url('/services/T0/B0/secret-token'), FLOWGATE_ALERT_FORMAT: 'slack' } })
    expect(saved.status).toBe(200)
  })
  afterEach(async () => {
    await c.close()
    await Promise.all([n8n.stop(), service.stop()])
  })

  /** A run of the workflow that n8n reports failed. */
  const failedRun = async (workflowId: number, error: string) => {
    const execution = await runs.trigger(workflowId)
    await c.tick()
    await reportFailed(c, workflowId, execution, error)
    return execution
  }
  const texts = () => service.received.map((alert) => alert.body.text)
  /** Another core over the test's data folder (the first one stopped): a restart. */
  const coreOnSameData = async (clock: ManualClock) => {
    const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }
    const core = createCore({ dataDir: c.dataDir, config, clock, log: silentLog })
    await core.start()
    return core
  }
  /** Runs what is due on that core, and waits for what went out (alerts, the summary) to be answered and recorded. */
  const sendDueOn = async (core: Core) => {
    await core.internals.scheduler.tick()
    await Promise.all([core.internals.alerts.forwarder.idle(), core.internals.alerts.summary.idle()])
    await core.internals.monitor.flush()
  }
  /** Runs what is due, and waits for a message that went out to be answered. */
  const sendDue = async () => {
    await c.tick()
    await c.core.internals.alerts.forwarder.idle()
  }
  /** A failure at that local time, given the wait for company and sent. */
  const failureSentAt = async (workflowId: number, at: Date, error: string) => {
    c.clock.set(at.getTime())
    await failedRun(workflowId, error)
    c.clock.advance(10 * SECOND)
    await sendDue()
  }

  it('sends a burst of failures as one Slack message after a short wait, then at most one a minute', async () => {
    const workflow = await runs.createWorkflow('Lead intake')
    const first = await failedRun(workflow.id, 'SMTP 550: mailbox unavailable')
    const second = await failedRun(workflow.id, 'SMTP 550: mailbox unavailable')
    expect(service.received).toHaveLength(0)
    c.clock.advance(10 * SECOND)
    await sendDue()
    expect(texts()).toEqual([
      `*Flowgate: 2 things need you*\nExecution failed ("Lead intake", execution #${first}): SMTP 550: mailbox unavailable\nExecution failed ("Lead intake", execution #${second}): SMTP 550: mailbox unavailable`,
    ])
    expect(service.received[0]!.path).toBe('/services/T0/B0/secret-token')

    const third = await failedRun(workflow.id, 'timeout')
    c.clock.advance(30 * SECOND)
    await sendDue()
    expect(service.received).toHaveLength(1)
    c.clock.advance(30 * SECOND)
    await sendDue()
    // The third failure also made it a workflow that keeps failing: both go together.
    expect(texts()[1]).toContain(`Execution failed ("Lead intake", execution #${third}): timeout`)
    expect(texts()[1]).toContain('Workflow keeps failing ("Lead intake")')
  })

  it('tries again with growing pauses while the service refuses, and records an alert it gave up on', async () => {
    service.status = 503
    const alertsHealth = async () => ((await c.admin('GET', '/api/v1/health')).body.checks as Record<string, unknown>).alerts
    expect(await alertsHealth()).toEqual({ status: 'ok', detail: 'nothing sent yet' })
    const workflow = await runs.createWorkflow('Mailer')
    await failedRun(workflow.id, 'SMTP 421')
    const failedAt = c.clock.now()
    const pauses = [10 * SECOND, 1 * MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]
    for (const [i, pause] of pauses.entries()) {
      c.clock.advance(pause - 1)
      await sendDue()
      expect(service.received).toHaveLength(i)
      c.clock.advance(1)
      await sendDue()
      expect(service.received).toHaveLength(i + 1)
    }
    await c.core.internals.monitor.flush()
    expect(c.events('alert_not_sent')).toEqual([{ error: 'the alert service answered 503', alerts: 1, through: failedAt }])
    expect(await alertsHealth()).toEqual({ status: 'degraded', detail: 'the alert service answered 503; 0 waiting' })
    // Once the service is back, the next failure goes out as usual.
    service.status = 200
    await failedRun(workflow.id, 'SMTP 421 again')
    c.clock.advance(10 * SECOND)
    await sendDue()
    expect(texts().at(-1)).toContain('SMTP 421 again')
    expect(await alertsHealth()).toEqual({ status: 'ok', detail: `last sent ${new Date(c.clock.now()).toISOString()}` })
  })

  it('sends a test alert on request, says why one did not arrive, and never shows the address', async () => {
    expect(await c.admin('POST', '/api/v1/system/test-alert')).toEqual({ status: 200, body: { ok: true, message: 'The test alert was accepted' } })
    expect(texts()[0]).toMatch(/^\*Flowgate: a test alert\*\nAlerts reach you here/)
    service.status = 404
    expect((await c.admin('POST', '/api/v1/system/test-alert')).body).toEqual({ ok: false, message: 'the alert service answered 404' })
    // An address nothing listens at any more.
    const closed = net.createServer()
    const gone = await listenOnLoopback(closed)
    await new Promise((resolve) => closed.close(resolve))
    const unreachable = await c.admin('POST', '/api/v1/system/test-alert', { url: `${gone}/hook`, format: 'json' })
    expect(unreachable.body).toMatchObject({ ok: false, message: expect.stringMatching(/^the alert service could not be reached: .*ECONNREFUSED/) })
    expect((await c.admin('POST', '/api/v1/system/test-alert', { url: 'ftp://example.com' })).status).toBe(400)

    const settings = await c.admin('POST', '/api/v1/rpc/settings.get', {})
    const entry = (settings.body.result as { entries: { key: string }[] }).entries.find((e) => e.key === 'FLOWGATE_ALERT_URL')
    // Never sent back to a console: the address carries the service's token.
    expect(entry).toMatchObject({ secret: true, isSet: true, value: null })
  })

  it('never holds up the scheduler while a slow service answers', async () => {
    service.delayMs = 1_000
    const workflow = await runs.createWorkflow('Slow service')
    await failedRun(workflow.id, 'boom')
    c.clock.advance(10 * SECOND)
    await c.tick()
    await expect.poll(() => service.received.length).toBe(1)
    // The tick is over while the answer is still on its way.
    const health = async () => ((await c.admin('GET', '/api/v1/health')).body.checks as Record<string, { detail: string }>).alerts!.detail
    expect(await health()).toBe('nothing sent yet')
    await c.core.internals.alerts.forwarder.idle()
    expect(await health()).toMatch(/^last sent /)
  })

  it('holds alerts through the quiet hours and sends them as one message when they end', async () => {
    const health = async () => ((await c.admin('GET', '/api/v1/health')).body.checks as Record<string, unknown>).alerts
    const refused = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_QUIET_HOURS: '22-7:60' } })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toEqual({ code: 'validation', message: 'Invalid configuration: FLOWGATE_ALERT_QUIET_HOURS="22-7:60": must be two times of day like 22:00-07:00 (or 22-7)' })
    expect((await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_QUIET_HOURS: '22 – 7' } })).status).toBe(200)
    const settings = await c.admin('POST', '/api/v1/rpc/settings.get', {})
    const entry = (settings.body.result as { entries: { key: string; value: unknown }[] }).entries.find((e) => e.key === 'FLOWGATE_ALERT_QUIET_HOURS')
    expect(entry?.value).toBe('22:00-07:00')

    const workflow = await runs.createWorkflow('Night shift')
    // Before the quiet hours: sent as usual.
    await failureSentAt(workflow.id, new Date(2026, 0, 5, 21, 50), 'evening failure')
    expect(texts()).toHaveLength(1)

    c.clock.set(new Date(2026, 0, 5, 23, 15).getTime())
    const night = await failedRun(workflow.id, 'night failure')
    c.clock.set(new Date(2026, 0, 6, 3, 40).getTime())
    await failedRun(workflow.id, 'early failure')
    await sendDue()
    expect(texts()).toHaveLength(1)
    expect(await health()).toEqual({ status: 'ok', detail: 'quiet hours (22:00–07:00): 3 alerts waiting for their end' })
    // The dashboard's Coming up says when they go, and how many.
    const comingUp = (await c.admin('GET', '/api/v1/monitoring/dashboard')).body.coming_up as { kind: string; at: number; count: number }[]
    expect(comingUp.filter((item) => item.kind === 'alerts_sent')).toEqual([expect.objectContaining({ at: new Date(2026, 0, 6, 7, 0).getTime(), count: 3 })])

    c.clock.set(new Date(2026, 0, 6, 6, 59, 59).getTime())
    await sendDue()
    expect(texts()).toHaveLength(1)
    c.clock.set(new Date(2026, 0, 6, 7, 0).getTime())
    await sendDue()
    expect(texts()[1]).toBe(
      [
        '*Flowgate: 3 things need you*',
        `Execution failed ("Night shift", execution #${night}): night failure`,
        `Execution failed ("Night shift", execution #${night + 1}): early failure`,
        'Workflow keeps failing ("Night shift"): its last 3 runs failed (early failure)',
        '(held through the quiet hours, 22:00–07:00)',
      ].join('\n'),
    )

    // Removing the quiet hours sends what waits at once, without waiting for the morning.
    c.clock.set(new Date(2026, 0, 6, 23, 0).getTime())
    await failedRun(workflow.id, 'late failure')
    c.clock.advance(10 * SECOND)
    await sendDue()
    expect(texts()).toHaveLength(2)
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_QUIET_HOURS: null } })
    await sendDue()
    expect(texts()[2]).toContain('late failure')
  })

  it('loses no alert to a restart: what waited is taken up again, what went out is not sent twice', async () => {
    const workflow = await runs.createWorkflow('Overnight')
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_QUIET_HOURS: '22-7' } })
    await failureSentAt(workflow.id, new Date(2026, 0, 5, 21, 0), 'sent before the night')
    expect(texts()).toHaveLength(1)
    c.clock.set(new Date(2026, 0, 5, 23, 0).getTime())
    const held = await failedRun(workflow.id, 'held for the morning')
    // Two urgent approvals asked for in the night; one is decided before the morning.
    const gate = await runs.createWorkflow('Night gate', { requires_approval: true, default_priority: 'high' })
    const decided = await runs.trigger(gate.id)
    const waiting = await runs.trigger(gate.id)
    const approvalOf = (execution: number) => c.core.internals.database.sqlite.prepare('select id from workflow_approvals where execution_id = ?').pluck().get(execution) as number
    expect((await c.admin('POST', `/api/v1/approvals/${approvalOf(decided)}/reject`, { approver_name: 'Ada' })).status).toBe(200)
    await sendDue()
    expect(texts()).toHaveLength(1)

    // Stopped during the night, started again before the morning.
    await c.core.stop()
    let core = await coreOnSameData(c.clock)
    c.clock.set(new Date(2026, 0, 6, 6, 0).getTime())
    await sendDueOn(core)
    expect(texts()).toHaveLength(1)
    c.clock.set(new Date(2026, 0, 6, 7, 0).getTime())
    await sendDueOn(core)
    expect(texts()[1]).toBe(
      [
        '*Flowgate: 2 things need you*',
        `Execution failed ("Overnight", execution #${held}): held for the morning`,
        `Approval waiting ("Night gate", execution #${waiting}): Run Night gate`,
        '(held through the quiet hours, 22:00–07:00)',
      ].join('\n'),
    )

    await core.stop()
    core = await coreOnSameData(c.clock)
    c.clock.advance(HOUR)
    await sendDueOn(core)
    expect(texts()).toHaveLength(2)
    // The pace and the health row carry over too.
    expect((await core.api['health.get'](undefined)).checks.alerts).toEqual({ status: 'ok', detail: `last sent ${new Date(2026, 0, 6, 7, 0).toISOString()}` })
    const sent = core.internals.database.sqlite.prepare("select event_data from workflow_monitoring where event_type = 'alert_sent' order by id").pluck().all() as string[]
    expect(sent.map((data) => JSON.parse(data))).toEqual([
      { alerts: 1, through: new Date(2026, 0, 5, 21, 0).getTime() },
      { alerts: 2, through: new Date(2026, 0, 5, 23, 0).getTime() },
    ])
    await core.stop()
  })

  it('sends nothing about a workflow whose alerts are turned off, while the console still records it', async () => {
    const noisy = await runs.createWorkflow('Test bench')
    const kept = await runs.createWorkflow('Invoices')
    const muted = await c.admin('PUT', `/api/v1/workflows/${noisy.id}`, { alerts_muted: true })
    expect(muted.body).toMatchObject({ alerts_muted: true })
    expect((await c.admin('GET', `/api/v1/workflows/${kept.id}`)).body).toMatchObject({ alerts_muted: false })
    await failedRun(noisy.id, 'expected in a test')
    await failedRun(kept.id, 'PDF renderer down')
    c.clock.advance(10 * SECOND)
    await sendDue()
    expect(texts()).toEqual([expect.stringMatching(/^\*Flowgate: Execution failed \("Invoices", execution #\d+\)\*\nExecution failed .*PDF renderer down$/)])
    await c.core.internals.monitor.flush()
    expect(c.events('execution_failed').map((data) => (data as { error: string }).error)).toEqual(['expected in a test', 'PDF renderer down'])

    await c.admin('PUT', `/api/v1/workflows/${noisy.id}`, { alerts_muted: false })
    await failedRun(noisy.id, 'now worth knowing')
    c.clock.advance(MINUTE)
    await sendDue()
    expect(texts()[1]).toContain('now worth knowing')
  })

  it('sends nothing without an address, and stops the moment it is removed', async () => {
    const workflow = await runs.createWorkflow('Quiet one')
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_URL: null } })
    await failedRun(workflow.id, 'boom')
    c.clock.advance(MINUTE)
    await sendDue()
    expect(service.received).toHaveLength(0)
    expect((await c.admin('POST', '/api/v1/system/test-alert')).body).toEqual({ ok: false, message: 'No alert address is set (FLOWGATE_ALERT_URL)' })
    expect(((await c.admin('GET', '/api/v1/health')).body.checks as Record<string, unknown>).alerts).toEqual({ status: 'off', detail: 'no alert address set' })
  })

  it('sends the approvals chosen: by default those asked for at high priority, else every one or none', async () => {
    const workflow = await runs.createWorkflow('Outreach', { requires_approval: true, default_priority: 'medium' })
    const askAndSend = async () => {
      const execution = await runs.trigger(workflow.id)
      c.clock.advance(MINUTE)
      await sendDue()
      return execution
    }
    await askAndSend()
    expect(texts()).toEqual([])
    expect((await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_APPROVALS: 'all' } })).status).toBe(200)
    const asked = await askAndSend()
    expect(texts()).toEqual([`*Flowgate: Approval waiting ("Outreach", execution #${asked})*\nApproval waiting ("Outreach", execution #${asked}): Run Outreach`])
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_APPROVALS: 'none', WORKFLOW_APPROVAL_TIMEOUT_HOURS: 1 } })
    await askAndSend()
    // Not even one about to expire.
    c.clock.advance(50 * MINUTE)
    await sendDue()
    c.clock.advance(MINUTE)
    await sendDue()
    await c.core.internals.monitor.flush()
    expect(c.events('approval_expiring')).toHaveLength(1)
    expect(texts()).toHaveLength(1)
    const refused = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_APPROVALS: 'some' } })
    expect(refused.status).toBe(400)
  })

  it('warns once of an undecided approval 15 minutes before it expires, and again only if its expiry moves', async () => {
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { WORKFLOW_APPROVAL_TIMEOUT_HOURS: 1 } })
    const workflow = await runs.createWorkflow('Campaign', { requires_approval: true })
    const gated = await runs.trigger(workflow.id)
    const decidedOne = await runs.trigger(workflow.id)
    const approvalOf = (execution: number) => c.core.internals.database.sqlite.prepare('select id from workflow_approvals where execution_id = ?').pluck().get(execution) as number
    await c.admin('POST', `/api/v1/approvals/${approvalOf(decidedOne)}/approve`, { approver_name: 'Ada' })
    const warned = async () => {
      await c.core.internals.monitor.flush()
      return c.events('approval_expiring')
    }
    c.clock.advance(44 * MINUTE)
    await sendDue()
    expect(await warned()).toEqual([])
    c.clock.advance(MINUTE)
    await sendDue()
    expect(await warned()).toEqual([
      { approvalId: approvalOf(gated), expires_at: expect.any(Number), message: '"Run Campaign" expires in 15 min, undecided; n8n is then told "expired"' },
    ])
    c.clock.advance(10 * SECOND)
    await sendDue()
    expect(await warned()).toHaveLength(1)
    expect(texts().at(-1)).toBe(`*Flowgate: Approval expires soon ("Campaign", execution #${gated})*\nApproval expires soon ("Campaign", execution #${gated}): "Run Campaign" expires in 15 min, undecided; n8n is then told "expired"`)

    expect((await c.admin('POST', `/api/v1/approvals/${approvalOf(gated)}/extend`, { hours: 1 })).status).toBe(200)
    c.clock.advance(30 * MINUTE)
    await sendDue()
    expect(await warned()).toHaveLength(1)
    c.clock.advance(30 * MINUTE)
    await sendDue()
    expect(await warned()).toHaveLength(2)
  })

  it('sends a summary of the last 24 hours at the hour chosen, once a day, and not again after a restart', async () => {
    await c.core.stop()
    const clock = new ManualClock(new Date(2026, 4, 10, 7, 0).getTime())
    let core = await coreOnSameData(clock)
    // Calls to n8n left paused: the summary says so first.
    await core.api['settings.update']({ values: { FLOWGATE_ALERT_DAILY_SUMMARY_HOUR: 8, N8N_CALLS_PAUSED: true } })
    await sendDueOn(core)
    expect(service.received).toHaveLength(0)
    clock.set(new Date(2026, 4, 10, 8, 0).getTime())
    await sendDueOn(core)
    expect(texts()).toEqual(['*Flowgate: the last 24 hours*\nNeeds a look: n8n API: calls to n8n are paused (Settings); 0 calls waiting\nExecutions: 0'])

    await core.stop()
    clock.advance(HOUR)
    core = await coreOnSameData(clock)
    await sendDueOn(core)
    expect(service.received).toHaveLength(1)
    clock.set(new Date(2026, 4, 11, 8, 0).getTime())
    await sendDueOn(core)
    expect(service.received).toHaveLength(2)
    await core.stop()
  })
})
