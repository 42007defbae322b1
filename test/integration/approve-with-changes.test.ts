import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { approvalRequests, coreAndFakeN8nPerTest } from '../helpers/approval-requests'

const WINDOW_MS = 10_000

describe('approving with changes: the data as the person left it is what goes on', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const sqlite = () => c.core.internals.database.sqlite
  const events = (type: string) => c.events(type) as Record<string, unknown>[]
  const rowCounts = () => sqlite().prepare("select (select count(*) from outbox), (select count(*) from workflow_approvals where status = 'pending')").raw().get()

  coreAndFakeN8nPerTest({ APPROVAL_UNDO_SECONDS: String(WINDOW_MS / 1000) }, (core, fake) => ((c = core), (n8n = fake)))

  const { gatedExecution, n8nAsks } = approvalRequests(() => c, () => n8n)
  const asked = { subject: 'Spring offer', recipients: ['a@example.com', 'b@example.com', 'c@example.com'] }
  const changed = { subject: 'Spring offer (corrected)', recipients: ['a@example.com', 'b@example.com'] }

  it('resumes n8n with the changed data, keeps what was asked beside it, and says what changed', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', webhook_url: n8n.webhookUrl('m') })).body.id as number
    const approval = await n8nAsks(workflowId, '51', { data: asked })
    const decided = await admin('POST', `/api/v1/approvals/${approval}/approve`, { approver_name: 'Ada', approved_data: changed })
    expect(decided.body).toMatchObject({ status: 'approved', approval_data: asked, approved_data: changed })
    await c.tick()
    expect(n8n.resumes.map((r) => r.body)).toEqual([
      { decision: 'approved', approval_id: approval, approver: 'Ada', reason: null, auto: false, confidence: null, data: changed, data_changed: true },
    ])
    await c.core.internals.monitor.flush()
    expect(events('approval_granted')).toEqual([{ approvalId: approval, by: 'Ada', reason: null, source: 'api', changed: ['subject', 'recipients[2]'] }])
    expect(events('operator_action').map((e) => e.summary)).toContain(`approved approval #${approval} "Send 250 emails" with changes to subject and recipients[2] (api)`)
  })

  it('a gate sends its execution with the changed input, which the execution then shows', async () => {
    const gate = await gatedExecution()
    await admin('POST', `/api/v1/approvals/${gate.approval}/approve`, { approver_name: 'Ada', approved_data: { recipients: 20 } })
    await c.tick()
    expect(n8n.received.map((r) => r.body.data)).toEqual([{ recipients: 20 }])
    expect((await admin('GET', `/api/v1/executions/${gate.execution}`)).body.input_data).toEqual({ recipients: 20 })
    expect((await admin('GET', `/api/v1/approvals/${gate.approval}`)).body).toMatchObject({ approval_data: { recipients: 250 }, approved_data: { recipients: 20 } })
  })

  it('data sent back as asked is no change', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', webhook_url: n8n.webhookUrl('m') })).body.id as number
    const approval = await n8nAsks(workflowId, '52', { data: asked })
    expect((await admin('POST', `/api/v1/approvals/${approval}/approve`, { approver_name: 'Ada', approved_data: asked })).body.approved_data).toBeNull()
    await c.tick()
    expect(n8n.resumes.map((r) => [r.body.data, r.body.data_changed])).toEqual([[asked, false]])
  })

  it('waits out the undo window with its changes; undone, they are gone too', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', webhook_url: n8n.webhookUrl('m') })).body.id as number
    const approval = await n8nAsks(workflowId, '53', { data: asked })
    const fromWindow = { approver_name: 'Ada', source: 'window', approved_data: changed }
    const waiting = await admin('POST', `/api/v1/approvals/${approval}/approve`, fromWindow)
    expect(waiting.body).toMatchObject({ status: 'pending', approved_data: null, pending_decision: { decision: 'approved', with_changes: true } })
    await admin('POST', '/api/v1/approvals/undo', { approval_ids: [approval] })
    await admin('POST', `/api/v1/approvals/${approval}/approve`, { approver_name: 'Ada', source: 'window' })
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body).toMatchObject({ pending_decision: { with_changes: false } })
    c.clock.advance(WINDOW_MS)
    await c.tick()
    await c.tick()
    expect(n8n.resumes.map((r) => [r.body.data, r.body.data_changed])).toEqual([[asked, false]])

    const second = await n8nAsks(workflowId, '54', { data: asked })
    await admin('POST', `/api/v1/approvals/${second}/approve`, fromWindow)
    c.clock.advance(WINDOW_MS)
    await c.tick()
    await c.tick()
    expect((await admin('GET', `/api/v1/approvals/${second}`)).body).toMatchObject({ status: 'approved', decision_source: 'window', approved_data: changed })
    expect(n8n.resumes.at(-1)?.body).toMatchObject({ data: changed, data_changed: true })
  })

  it('refuses changes that cannot be sent on, and changes nothing', async () => {
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', webhook_url: n8n.webhookUrl('m') })).body.id as number
    const approval = await n8nAsks(workflowId, '55', { data: asked })
    const before = rowCounts()
    const refusals: [string, unknown, number, RegExp][] = [
      ['reject', { approver_name: 'Ada', approved_data: changed }, 400, /approved_data: changed data can only come with an approval/],
      ['approve', { approver_name: 'Ada', approved_data: ['not', 'an', 'object'] }, 400, /approved_data/],
      ['approve', { approver_name: 'Ada', approved_data: 'subject' }, 400, /approved_data/],
      ['approve', { approver_name: 'Ada', approved_data: { body: 'x'.repeat(1_048_577) } }, 400, /approved_data: is larger than 1 MiB as JSON/],
    ]
    for (const [action, body, status, message] of refusals) {
      const answer = await admin('POST', `/api/v1/approvals/${approval}/${action}`, body)
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(status)
      expect(answer.body.message).toMatch(message)
    }
    expect((await admin('POST', '/api/v1/approvals/999999/approve', { approver_name: 'Ada', approved_data: changed })).status).toBe(404)
    expect(rowCounts()).toEqual(before)
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body).toMatchObject({ status: 'pending', approved_data: null, pending_decision: null })
  })
})
