import { describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { FakeN8n } from '../helpers/fake-n8n'
import { TEST_ADMIN_TOKEN, type RunningCore } from '../helpers/core'
import { tempDir } from '../helpers/temp'
import { approvalRequests, coreAndFakeN8nPerTest } from '../helpers/approval-requests'

const WINDOW_MS = 10_000

describe('a decision made in Flowgate can be undone until its window ends', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const fromWindow = { approver_name: 'Ada', source: 'window' }
  const sqlite = () => c.core.internals.database.sqlite

  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  const { gatedExecution, n8nAsks } = approvalRequests(() => c, () => n8n)
  const events = (type: string) => sqlite().prepare('select event_data from workflow_monitoring where event_type = ?').pluck().all(type) as string[]
  const passWindow = async () => {
    c.clock.advance(WINDOW_MS)
    await c.tick()
    await c.tick()
  }

  it('holds the effect, undoes it with nothing sent, then lets a second decision take effect as made at its click', async () => {
    const gate = await gatedExecution()
    const clickedAt = c.clock.now()
    const decided = await admin('POST', `/api/v1/approvals/${gate.approval}/approve`, fromWindow)
    expect(decided.body).toMatchObject({ status: 'pending', decided_by: null, pending_decision: { decision: 'approved', approver: 'Ada', takes_effect_at: clickedAt + WINDOW_MS } })
    c.clock.advance(WINDOW_MS - 1)
    await c.tick()
    expect(n8n.received).toHaveLength(0)
    expect((await admin('GET', `/api/v1/executions/${gate.execution}`)).body.status).toBe('pending')

    const undone = await admin('POST', '/api/v1/approvals/undo', { approval_ids: [gate.approval] })
    expect(undone.body).toEqual({ undone: [gate.approval], skipped: [] })
    expect((await admin('GET', `/api/v1/approvals/${gate.approval}`)).body).toMatchObject({ status: 'pending', pending_decision: null })
    await passWindow()
    expect(n8n.received).toHaveLength(0)
    expect(events('approval_decision_undone').map((e) => JSON.parse(e))).toEqual([{ approvalId: gate.approval }])
    expect(events('operator_action').map((e) => JSON.parse(e).summary)).toContain(`undid 1 decision on approvals #${gate.approval}`)

    const secondClick = c.clock.now()
    await admin('POST', `/api/v1/approvals/${gate.approval}/approve`, { ...fromWindow, reason: 'checked again' })
    await passWindow()
    expect((await admin('GET', `/api/v1/approvals/${gate.approval}`)).body).toMatchObject({
      status: 'approved', decided_by: 'Ada', decided_at: secondClick, decision_reason: 'checked again', decision_source: 'window', pending_decision: null,
    })
    expect(n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([gate.execution])
    const late = await admin('POST', '/api/v1/approvals/undo', { approval_ids: [gate.approval, 999] })
    expect(late.body).toEqual({
      undone: [],
      skipped: [
        { id: gate.approval, reason: expect.stringMatching(/^Approval \d+ was already approved by Ada at .*; that can no longer be undone$/) },
        { id: 999, reason: 'Approval 999 does not exist' },
      ],
    })
  })

  it('a decision waiting or undone does not send the approval through the auto-approver again', async () => {
    const gate = await gatedExecution()
    const looks = async () => {
      await c.core.internals.autoApprover.idle()
      // Events are written off the request path: let them land.
      await c.tick()
      await c.tick()
      return sqlite().prepare("select count(*) from workflow_monitoring where event_type like 'auto_approval_%' and json_extract(event_data, '$.approvalId') = ?").pluck().get(gate.approval)
    }
    await c.tick()
    expect(await looks()).toBe(1)
    await admin('POST', `/api/v1/approvals/${gate.approval}/reject`, fromWindow)
    await admin('POST', '/api/v1/approvals/undo', { approval_ids: [gate.approval] })
    await c.tick()
    expect(await looks()).toBe(1)
  })

  it('resumes n8n only once the window ends, and nothing else decides meanwhile', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Waits', webhook_url: n8n.webhookUrl('w') })).body.id as number
    const asked = await n8nAsks(workflowId, '71')
    await admin('POST', `/api/v1/approvals/${asked}/reject`, { ...fromWindow, reason: 'wrong list' })
    await c.tick()
    expect(n8n.resumes).toHaveLength(0)
    // The API, the model or a second click cannot overrule a decision in its window; the conflict says why.
    const api = await admin('POST', `/api/v1/approvals/${asked}/approve`, { approver_name: 'Script' })
    expect(api).toMatchObject({ status: 409, body: { message: expect.stringMatching(/^Approval \d+ was just rejected by Ada; that takes effect at .* unless undone$/) } })
    await passWindow()
    expect(n8n.resumes.map((r) => r.body)).toEqual([{ decision: 'rejected', approval_id: asked, approver: 'Ada', reason: 'wrong list', auto: false, confidence: null }])
  })

  it('a decision made before the expiry stands, even when the window ends after it', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Waits', webhook_url: n8n.webhookUrl('w') })).body.id as number
    const asked = await n8nAsks(workflowId, '72', { expires_in_hours: 1 })
    c.clock.advance(3_600_000 - 2_000)
    await admin('POST', `/api/v1/approvals/${asked}/approve`, fromWindow)
    await passWindow()
    expect((await admin('GET', `/api/v1/approvals/${asked}`)).body).toMatchObject({ status: 'approved', decision_source: 'window' })
    expect(n8n.resumes.map((r) => r.body.decision)).toEqual(['approved'])
  })

  it('bulk decisions from the window share one window and are undone together; the API acts at once', async () => {
    const a = await gatedExecution()
    const b = await gatedExecution(a.workflowId)
    const d = await gatedExecution(a.workflowId)
    const now = c.clock.now()
    const bulk = await admin('POST', '/api/v1/approvals/bulk-action', { approval_ids: [a.approval, b.approval], action: 'approved', ...fromWindow })
    expect(bulk.body).toEqual({ decided: [a.approval, b.approval], skipped: [], takes_effect_at: now + WINDOW_MS, remaining: 0 })
    const again = await admin('POST', '/api/v1/approvals/bulk-action', { approval_ids: [b.approval], action: 'rejected', ...fromWindow })
    expect(again.body).toMatchObject({ decided: [], skipped: [{ id: b.approval, reason: expect.stringMatching(/was just approved by Ada/) }] })
    const undone = await admin('POST', '/api/v1/approvals/undo', { approval_ids: [a.approval, b.approval, d.approval] })
    expect(undone.body).toEqual({ undone: [a.approval, b.approval], skipped: [{ id: d.approval, reason: `Approval ${d.approval} has no decision to undo` }] })
    const byApi = await admin('POST', '/api/v1/approvals/bulk-action', { approval_ids: [d.approval], action: 'approved', approver_name: 'Script' })
    expect(byApi.body).toEqual({ decided: [d.approval], skipped: [], takes_effect_at: null, remaining: 0 })
    await c.tick()
    expect(n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([d.execution])
  })

  it('decides every pending approval a filter shows, those with a decision waiting left out, and undoes them together', async () => {
    const a = await gatedExecution()
    const b = await gatedExecution(a.workflowId)
    const waiting = await gatedExecution(a.workflowId)
    const other = await gatedExecution()
    await admin('POST', `/api/v1/approvals/${waiting.approval}/reject`, fromWindow)
    const shown = await admin('POST', '/api/v1/approvals/bulk-action', { filter: { workflow_id: a.workflowId }, action: 'approved', ...fromWindow })
    expect(shown.body).toEqual({ decided: [a.approval, b.approval], skipped: [], takes_effect_at: c.clock.now() + WINDOW_MS, remaining: 0 })
    expect((await admin('GET', `/api/v1/approvals/${other.approval}`)).body.pending_decision).toBeNull()
    expect((await admin('POST', '/api/v1/approvals/undo', { approval_ids: shown.body.decided })).body).toEqual({ undone: [a.approval, b.approval], skipped: [] })
    for (const body of [{ action: 'approved', approver_name: 'Ada' }, { approval_ids: [a.approval], filter: {}, action: 'approved', approver_name: 'Ada' }]) {
      const refused = await admin('POST', '/api/v1/approvals/bulk-action', body)
      expect(refused).toMatchObject({ status: 400, body: { message: expect.stringContaining('give either approval_ids or filter') } })
    }
    expect((await admin('POST', '/api/v1/approvals/bulk-action', { filter: { status: 'approved' }, action: 'approved', approver_name: 'Ada' })).status).toBe(400)
  })

  it('decides at most 10,000 by filter per call and says how many more match', async () => {
    const now = c.clock.now()
    const insert = sqlite().prepare("insert into workflow_approvals (approval_type, approval_title, status, priority, created_at, updated_at) values ('email_send', 'bulk', 'pending', 'low', ?, ?)")
    sqlite().transaction(() => {
      for (let i = 0; i < 10_003; i++) insert.run(now, now)
    })()
    const first = await admin('POST', '/api/v1/approvals/bulk-action', { filter: { priority: 'low' }, action: 'rejected', approver_name: 'Script' })
    expect([(first.body.decided as number[]).length, first.body.remaining, first.body.takes_effect_at]).toEqual([10_000, 3, null])
    const second = await admin('POST', '/api/v1/approvals/bulk-action', { filter: { priority: 'low' }, action: 'rejected', approver_name: 'Script' })
    expect([(second.body.decided as number[]).length, second.body.remaining]).toEqual([3, 0])
  })

  it('refuses a malformed undo and changes nothing; an unknown approval is not found', async () => {
    expect(await admin('POST', '/api/v1/approvals/999/approve', fromWindow)).toMatchObject({ status: 404, body: { message: 'Approval 999 does not exist' } })
    for (const body of [{}, { approval_ids: [] }, { approval_ids: ['x'] }, { approval_ids: [1], extra: true }]) {
      const response = await admin('POST', '/api/v1/approvals/undo', body)
      expect(response.status).toBe(400)
      expect(response.body.message).toMatch(/approval_ids|extra|Unrecognized/)
    }
  })

  it('with the window set to 0, a click takes effect at once', async () => {
    await c.core.api['settings.update']({ values: { APPROVAL_UNDO_SECONDS: 0 } })
    const gate = await gatedExecution()
    expect((await admin('POST', `/api/v1/approvals/${gate.approval}/approve`, fromWindow)).body).toMatchObject({ status: 'approved', pending_decision: null })
  })
})

it('a decision whose window ended while Flowgate was closed takes effect at start', async () => {
  const { dir, cleanup } = tempDir()
  const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, AUTO_APPROVAL_ENABLED: 'false' }
  const clock = new ManualClock()
  const first = createCore({ dataDir: dir, config, clock, log: silentLog })
  await first.start()
  const workflow = await first.api['workflows.create']({ workflow_name: 'Gate', trigger_events: [], is_active: true, requires_approval: true, auto_approval_enabled: false, calls_held: false, alerts_muted: false, default_approval_type: 'demo_deploy', default_priority: 'high' })
  const execution = await first.api['workflows.trigger']({ id: workflow.id, trigger_event: 'manual', trigger_source: 'api', input_data: {} })
  const [approval] = (await first.api['approvals.list']({ page: 1, page_size: 10 })).items
  await first.api['approvals.decide']({ id: approval!.id, decision: 'rejected', approver_name: 'Ada', source: 'window' })
  await first.stop()

  clock.advance(60_000)
  const second = createCore({ dataDir: dir, config, clock, log: silentLog })
  await second.start()
  await second.internals.scheduler.tick()
  expect(await second.api['approvals.get']({ id: approval!.id })).toMatchObject({ status: 'rejected', decision_source: 'window', pending_decision: null })
  expect((await second.api['executions.get']({ id: execution.id })).status).toBe('cancelled')
  await second.stop()
  cleanup()
})
