import { afterEach, describe, expect, it } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

interface LedTo {
  executions: { id: number; workflow_id: number; status: string }[]
  approvals: { id: number; title: string; status: string }[]
}

describe('what a webhook led to, and the webhook an execution came from', () => {
  let c: RunningCore
  afterEach(() => c.close())

  const send = async (path: string, body: object) => {
    const text = JSON.stringify(body)
    const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${path}`, { method: 'POST', body: text, headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) } })
    expect(response.status).toBe(202)
    const { queued } = (await response.json()) as { queued: number }
    await c.tick()
    return queued
  }
  const ledTo = async (webhook: number) => ((await c.admin('GET', `/api/v1/webhooks/queue/${webhook}`)).body as { led_to: LedTo }).led_to
  const cameFrom = async (execution: number) => ((await c.admin('GET', `/api/v1/executions/${execution}`)).body as { webhook_id: number | null }).webhook_id
  const workflow = async (name: string, events: string[]) =>
    ((await c.admin('POST', '/api/v1/workflows', { workflow_name: name, trigger_events: events, webhook_url: 'http://127.0.0.1:9/webhook/x' })).body as { id: number }).id

  it('links each kind of webhook to what came of it, both ways, while both are kept', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    const leads = await workflow('Leads', ['lead.created'])
    const crm = await workflow('CRM sync', ['lead.created'])

    const trigger = await send(String(leads), { email: 'ada@example.com' })
    const [started] = (await ledTo(trigger)).executions
    expect(started).toMatchObject({ workflow_id: leads, status: expect.any(String) })
    expect(await cameFrom(started!.id)).toBe(trigger)

    const event = await send('generic', { event: 'lead.created', data: { email: 'bob@example.com' } })
    const fanned = (await ledTo(event)).executions
    expect(fanned.map((e) => e.workflow_id).sort()).toEqual([leads, crm].sort())
    for (const execution of fanned) expect(await cameFrom(execution.id)).toBe(event)

    const unheard = await send('generic', { event: 'invoice.paid', data: {} })
    expect(await ledTo(unheard)).toEqual({ executions: [], approvals: [] })

    const asked = await send(String(leads), {
      type: 'approval.requested',
      n8n_execution_id: '77',
      resume_url: 'http://127.0.0.1:9/webhook-waiting/77',
      approval_type: 'email_send',
      title: 'Send 40 emails',
    })
    const [approval] = (await ledTo(asked)).approvals
    expect(approval).toEqual({ id: expect.any(Number), title: 'Send 40 emails', status: 'pending' })
    const approvalCameFrom = async () => ((await c.admin('GET', `/api/v1/approvals/${approval!.id}`)).body as { webhook_id: number | null }).webhook_id
    expect(await approvalCameFrom()).toBe(asked)

    const report = await send(String(leads), { type: 'execution.failed', execution_id: started!.id, error: 'SMTP 550' })
    expect((await ledTo(report)).executions).toEqual([{ id: started!.id, workflow_id: leads, status: 'failed' }])
    // A report naming another workflow's execution says nothing of it.
    const stray = await send(String(crm), { type: 'execution.failed', execution_id: started!.id, error: 'SMTP 550' })
    expect((await ledTo(stray)).executions).toEqual([])

    // Once the webhook is deleted, the execution (or approval) no longer names it.
    expect((await c.admin('DELETE', `/api/v1/webhooks/queue/${trigger}`)).status).toBe(200)
    expect(await cameFrom(started!.id)).toBeNull()
    expect((await c.admin('DELETE', `/api/v1/webhooks/queue/${asked}`)).status).toBe(200)
    expect(await approvalCameFrom()).toBeNull()
    // A manual run came from no webhook.
    const manual = ((await c.admin('POST', `/api/v1/workflows/${leads}/trigger`, {})).body as { id: number }).id
    expect(await cameFrom(manual)).toBeNull()
  })
})
