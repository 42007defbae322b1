import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { tempDir } from '../helpers/temp'
import { approvalRequests } from '../helpers/approval-requests'

const HOUR = 3_600_000

describe('approvals', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const approver = { approver_name: 'Ada', reason: 'checked the list' }

  beforeEach(async () => {
    n8n = new FakeN8n()
    await n8n.start()
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
  })
  afterEach(async () => {
    await c.close()
    await n8n.stop()
  })

  const { gatedExecution, n8nAsks } = approvalRequests(() => c, () => n8n)

  it('approving a gate dispatches the execution; rejecting cancels it', async () => {
    const a = await gatedExecution()
    const approved = await admin('POST', `/api/v1/approvals/${a.approval}/approve`, approver)
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', decided_by: 'Ada', decision_reason: 'checked the list', decision_source: 'api' } })
    await c.tick()
    expect(n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([a.execution])

    const b = await gatedExecution(a.workflowId)
    await admin('POST', `/api/v1/approvals/${b.approval}/reject`, { approver_name: 'Ada', reason: 'wrong list' })
    await c.tick()
    expect((await admin('GET', `/api/v1/executions/${b.execution}`)).body).toMatchObject({ status: 'cancelled', error_message: 'approval rejected: wrong list' })
    expect(n8n.received).toHaveLength(1)
  })

  it('resumes n8n with the decision through the outbox, the resume URL sent whole', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Mid-run', webhook_url: n8n.webhookUrl('m') })).body.id as number
    const approval = await n8nAsks(workflowId, '41')
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body).toMatchObject({ status: 'pending', approval_type: 'email_send', priority: 'high', has_resume_url: true, approval_data: { recipients: 250 } })
    expect(JSON.stringify((await admin('GET', `/api/v1/approvals/${approval}`)).body)).not.toContain('signature')
    await admin('POST', `/api/v1/approvals/${approval}/approve`, approver)
    await c.tick()
    expect(n8n.resumes).toEqual([
      { id: '41', signature: 'ab'.repeat(32), body: { decision: 'approved', approval_id: approval, approver: 'Ada', reason: 'checked the list', auto: false, confidence: null, data: { recipients: 250 }, data_changed: false } },
    ])
    // The approval shows that n8n took the decision.
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.resume_call).toEqual({ status: 'done', attempts: 1, last_status: 200, last_error: null, next_attempt_at: null, updated_at: c.clock.now(), held: false })
  })

  it('n8n down, then up: the resume arrives exactly once', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Flaky', webhook_url: n8n.webhookUrl('f') })).body.id as number
    const approval = await n8nAsks(workflowId, '42')
    n8n.resumeMode = 'unavailable'
    await admin('POST', `/api/v1/approvals/${approval}/reject`, approver)
    await c.tick()
    expect(n8n.resumes).toHaveLength(0)
    // Waiting to be sent again, and when.
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.resume_call).toMatchObject({ status: 'pending', attempts: 1, last_status: 503, next_attempt_at: expect.any(Number) })
    n8n.resumeMode = 'ok'
    c.clock.advance(60_000)
    await c.tick()
    c.clock.advance(10 * HOUR)
    await c.tick()
    expect(n8n.resumes.map((r) => [r.id, r.body.decision])).toEqual([['42', 'rejected']])
  })

  it('sends a decision again after n8n was down longer than the retries, and only then', async () => {
    await c.core.api['settings.update']({ values: { WORKFLOW_MAX_RETRIES: 1 } })
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Long outage', webhook_url: n8n.webhookUrl('l') })).body.id as number
    const approval = await n8nAsks(workflowId, '44')
    const gate = await gatedExecution()
    n8n.resumeMode = 'unavailable'
    expect((await admin('POST', `/api/v1/approvals/${approval}/resend`)).body.message).toMatch(/its decision has not been sent yet$/)
    await admin('POST', `/api/v1/approvals/${approval}/approve`, approver)
    await c.tick()
    expect((await admin('POST', `/api/v1/approvals/${approval}/resend`)).body.message).toBe(`Approval ${approval}'s decision is being sent to n8n now`)
    c.clock.advance(10 * HOUR)
    await c.tick()
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.resume_call).toMatchObject({ status: 'failed', attempts: 2, last_error: expect.stringMatching(/gave up after 2 attempts/) })
    // Counted on the dashboard and found by the inbox's filter, until it is sent again.
    const notTold = async () => [(await admin('GET', '/api/v1/monitoring/dashboard')).body.decisions_not_taken, (await admin('GET', '/api/v1/approvals?n8n_not_told=true')).body.items]
    expect(await notTold()).toEqual([1, [expect.objectContaining({ id: approval })]])
    expect((await admin('GET', '/api/v1/approvals?n8n_not_told=maybe')).status).toBe(400)

    n8n.resumeMode = 'ok'
    const resent = await admin('POST', `/api/v1/approvals/${approval}/resend`)
    expect(resent).toMatchObject({ status: 200, body: { status: 'approved', resume_call: { status: 'pending', attempts: 0 } } })
    await c.tick()
    expect(n8n.resumes.map((r) => [r.id, r.body.decision, r.body.approver])).toEqual([['44', 'approved', 'Ada']])
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.resume_call).toMatchObject({ status: 'done', last_status: 200 })
    expect(await notTold()).toEqual([0, []])
    const again = await admin('POST', `/api/v1/approvals/${approval}/resend`)
    expect(again).toMatchObject({ status: 409, body: { message: `n8n already took approval ${approval}'s decision` } })
    expect((await admin('POST', `/api/v1/approvals/${gate.approval}/resend`)).body.message).toMatch(/was not asked for by a waiting n8n execution/)
    expect((await admin('POST', '/api/v1/approvals/999/resend')).status).toBe(404)
    // The activity log names who sent it again (only the call that did).
    const summaries = () => (c.core.internals.database.sqlite.prepare("select event_data from workflow_monitoring where event_type = 'operator_action'").pluck().all() as string[]).map((d) => JSON.parse(d).summary)
    await vi.waitFor(() => expect(summaries().filter((s) => s.startsWith('sent approval'))).toEqual([`sent approval #${approval}'s decision to n8n again`]))
  })

  it('records plainly when n8n says the execution has finished already, and stops trying', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Done', webhook_url: n8n.webhookUrl('d') })).body.id as number
    const approval = await n8nAsks(workflowId, '43')
    n8n.resumes.push({ id: '43', signature: undefined, body: {} })
    await admin('POST', `/api/v1/approvals/${approval}/approve`, approver)
    await c.tick()
    const outbox = c.core.internals.database.sqlite.prepare("select status, attempts, last_status, last_error from outbox where kind = 'resume'").get()
    expect(outbox).toMatchObject({ status: 'failed', attempts: 1, last_status: 409 })
    expect(String((outbox as { last_error: string }).last_error)).toContain('has finished already')
    // Seen where the operator looks: on the approval, and as an error event naming it.
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.resume_call).toMatchObject({ status: 'failed', last_status: 409, last_error: expect.stringContaining('has finished already') })
    await c.tick()
    const failed = c.core.internals.database.sqlite.prepare("select severity, event_data from workflow_monitoring where event_type = 'resume_failed'").all() as { severity: string; event_data: string }[]
    expect(failed.map((e) => [e.severity, JSON.parse(e.event_data).approvalId, JSON.parse(e.event_data).error])).toEqual([['error', approval, expect.stringMatching(/^n8n answered 409: .*has finished already/)]])
  })

  it('one decision stands; a later attempt is a conflict naming it', async () => {
    const a = await gatedExecution()
    await admin('POST', `/api/v1/approvals/${a.approval}/approve`, approver)
    const again = await admin('POST', `/api/v1/approvals/${a.approval}/reject`, { approver_name: 'Bob' })
    expect(again.status).toBe(409)
    expect(again.body.message).toMatch(new RegExp(`^Approval ${a.approval} was already approved by Ada at \\d{4}-`))
    expect((await admin('POST', `/api/v1/approvals/${a.approval}/approve`, {})).status).toBe(400)
    expect((await admin('POST', '/api/v1/approvals/99999/approve', approver)).status).toBe(404)
  })

  it('1,000 concurrent decisions over 100 approvals: exactly one wins each', async () => {
    const first = await gatedExecution()
    const approvals = [first.approval]
    for (let i = 1; i < 100; i++) approvals.push((await gatedExecution(first.workflowId)).approval)
    const attempts = approvals.flatMap((id) =>
      Array.from({ length: 10 }, (_, k) =>
        admin('POST', `/api/v1/approvals/${id}/${k % 2 ? 'approve' : 'reject'}`, { approver_name: `user-${k}` }).then((r) => ({ id, status: r.status })),
      ),
    )
    const results = await Promise.all(attempts)
    for (const id of approvals) {
      const mine = results.filter((r) => r.id === id)
      expect(mine.filter((r) => r.status === 200)).toHaveLength(1)
      expect(mine.filter((r) => r.status === 409)).toHaveLength(9)
    }
    const db = c.core.internals.database.sqlite
    const approved = db.prepare("select count(*) from workflow_approvals where status = 'approved'").pluck().get() as number
    expect(approved + (db.prepare("select count(*) from workflow_approvals where status = 'rejected'").pluck().get() as number)).toBe(100)
    expect(db.prepare("select count(*) from outbox where kind = 'dispatch'").pluck().get()).toBe(approved)
  })

  it('bulk decides the pending ones and says why it skipped the rest', async () => {
    const a = await gatedExecution()
    const b = await gatedExecution(a.workflowId)
    await admin('POST', `/api/v1/approvals/${a.approval}/reject`, approver)
    const bulk = await admin('POST', '/api/v1/approvals/bulk-action', { approval_ids: [a.approval, b.approval, 777], action: 'approved', approver_name: 'Ada' })
    expect(bulk.body).toEqual({
      decided: [b.approval],
      skipped: [
        { id: a.approval, reason: expect.stringMatching(/was already rejected by Ada/) },
        { id: 777, reason: 'Approval 777 does not exist' },
      ],
      takes_effect_at: null,
      remaining: 0,
    })
    expect((await admin('GET', `/api/v1/approvals/${b.approval}`)).body).toMatchObject({ status: 'approved', decision_source: 'bulk' })
  })

  it('expires on time: the gate cancels, n8n is resumed with "expired"; an expired one cannot be decided', async () => {
    const a = await gatedExecution()
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Waits', webhook_url: n8n.webhookUrl('w') })).body.id as number
    const asked = await n8nAsks(workflowId, '44', { expires_in_hours: 2 })
    c.clock.advance(2 * HOUR)
    await c.tick()
    await c.tick()
    expect((await admin('GET', `/api/v1/approvals/${asked}`)).body).toMatchObject({ status: 'expired', decision_source: 'expiry' })
    expect(n8n.resumes.map((r) => r.body.decision)).toEqual(['expired'])
    expect((await admin('GET', `/api/v1/approvals/${a.approval}`)).body.status).toBe('pending')
    c.clock.advance(22 * HOUR)
    await c.tick()
    expect((await admin('GET', `/api/v1/executions/${a.execution}`)).body).toMatchObject({ status: 'cancelled' })
    const late = await admin('POST', `/api/v1/approvals/${a.approval}/approve`, approver)
    expect(late).toMatchObject({ status: 409 })
    expect(late.body.message).toMatch(/was already expired/)
  })

  it('lists the inbox most urgent first, with filters', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Inbox', webhook_url: n8n.webhookUrl('i') })).body.id as number
    await n8nAsks(workflowId, '51', { priority: 'low' })
    await n8nAsks(workflowId, '52', { priority: 'high' })
    await n8nAsks(workflowId, '53', { priority: 'medium' })
    const list = await admin('GET', '/api/v1/approvals?status=pending')
    expect((list.body.items as { n8n_execution_id: string }[]).map((a) => a.n8n_execution_id)).toEqual(['52', '53', '51'])
    expect((await admin('GET', '/api/v1/approvals?priority=low')).body.total).toBe(1)
    expect((await admin('GET', '/api/v1/approvals?priority=urgent')).status).toBe(400)
    // By workflow: another workflow's approval is not among them.
    const otherId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Other inbox', webhook_url: n8n.webhookUrl('o') })).body.id as number
    await n8nAsks(otherId, '54', { priority: 'high' })
    const ofOther = await admin('GET', `/api/v1/approvals?workflow_id=${otherId}`)
    expect((ofOther.body.items as { n8n_execution_id: string }[]).map((a) => a.n8n_execution_id)).toEqual(['54'])
    expect((await admin('GET', `/api/v1/approvals?workflow_id=${workflowId}&status=pending`)).body.total).toBe(3)
    expect((await admin('GET', '/api/v1/approvals?workflow_id=abc')).status).toBe(400)
  })

  it('finds the approvals about to expire, for the list, its export and the dashboard', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Soon', webhook_url: n8n.webhookUrl('s') })).body.id as number
    await n8nAsks(workflowId, '61', { expires_in_hours: 1 })
    await n8nAsks(workflowId, '62', { expires_in_hours: 3 })
    await n8nAsks(workflowId, '63', { expires_in_hours: 48 })
    c.clock.advance(30 * 60_000)
    const within = async (minutes: number) =>
      ((await admin('GET', `/api/v1/approvals?status=pending&expiring_within_minutes=${minutes}`)).body.items as { n8n_execution_id: string }[]).map((a) => a.n8n_execution_id)
    expect(await within(60)).toEqual(['61'])
    expect(await within(180)).toEqual(['61', '62'])
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.approvals_expiring_soon).toBe(1)
    const csv = await fetch(`${c.adminUrl}/api/v1/approvals/export.csv?expiring_within_minutes=180`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    expect((await csv.text()).trim().split('\n')).toHaveLength(3)
    for (const bad of ['0', '10081', 'soon']) {
      const refused = await admin('GET', `/api/v1/approvals?expiring_within_minutes=${bad}`)
      expect(refused.status).toBe(400)
      expect(refused.body.message).toMatch(/expiring_within_minutes/)
    }
  })
})

describe('approval expiry across a restart', () => {
  it('expires at start what expired while Flowgate was closed', async () => {
    const { dir, cleanup } = tempDir()
    const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, WORKFLOW_APPROVAL_TIMEOUT_HOURS: '1' }
    const clock = new ManualClock()
    const first = createCore({ dataDir: dir, config, clock, log: silentLog })
    await first.start()
    const workflow = await first.api['workflows.create']({ workflow_name: 'Gate', trigger_events: [], is_active: true, requires_approval: true, auto_approval_enabled: false, calls_held: false, alerts_muted: false, default_approval_type: 'demo_deploy', default_priority: 'high' })
    const execution = await first.api['workflows.trigger']({ id: workflow.id, trigger_event: 'manual', trigger_source: 'api', input_data: {} })
    await first.stop()

    clock.advance(2 * HOUR)
    const second = createCore({ dataDir: dir, config, clock, log: silentLog })
    await second.start()
    await second.internals.scheduler.tick()
    const approvals = await second.api['approvals.list']({ page: 1, page_size: 10 })
    expect(approvals.items.map((a) => [a.status, a.decision_source])).toEqual([['expired', 'expiry']])
    expect((await second.api['executions.get']({ id: execution.id })).status).toBe('cancelled')
    await second.stop()
    cleanup()
  })
})
