import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import { TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { json, sign } from '../helpers/sign'

describe('fields a workflow requires in its input', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, sentTo } = workflowRuns(() => c, () => n8n)
  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  const trigger = (workflowId: number, input_data: unknown) => admin('POST', `/api/v1/workflows/${workflowId}/trigger`, { input_data })
  /** A signed webhook from n8n, as it arrives through the tunnel. */
  const webhook = async (path: string, body: unknown) => {
    const text = JSON.stringify(body)
    const answer = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${path}`, { method: 'POST', body: text, headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) } })
    expect(answer.status).toBe(202)
    await c.tick()
    return ((await answer.json()) as { queued: number }).queued
  }

  it('refuse a trigger without them, creating and sending nothing, and start one that has them', async () => {
    const mailer = await createWorkflow('mailer', { required_input_fields: ['email', 'lead.phone', 'email'] })
    expect(mailer).toMatchObject({ required_input_fields: ['email', 'lead.phone'] })
    const refused = await trigger(mailer.id, { email: ' ', lead: { phone: null } })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toBe('input_data: email, lead.phone are missing or empty; workflow "mailer" requires them')
    expect((await trigger(mailer.id, { email: 'ada@example.com' })).body.message).toBe('input_data: lead.phone is missing or empty; workflow "mailer" requires it')
    expect(c.count('workflow_executions')).toBe(0)

    const started = await trigger(mailer.id, { email: 'ada@example.com', lead: { phone: '+33 1 23' } })
    expect(started.status).toBe(200)
    await c.tick()
    expect(sentTo('mailer')).toEqual([started.body.id])
  })

  it("fail a webhook from n8n that lacks them, keeping it to be corrected and replayed; a generic event starts the listeners that accept it", async () => {
    const mailer = await createWorkflow('mailer', { required_input_fields: ['email'], trigger_events: ['lead.created'] })
    const digest = await createWorkflow('digest', { trigger_events: ['lead.created'] })
    const queued = await webhook(String(mailer.id), { name: 'Ada' })
    const item = (await admin('GET', `/api/v1/webhooks/queue/${queued}`)).body
    expect(item).toMatchObject({ status: 'failed', lastError: 'input_data: email is missing or empty; workflow "mailer" requires it' })
    expect(c.count('workflow_executions')).toBe(0)
    // The dashboard says where webhooks fail for good, and why.
    await webhook(String(mailer.id), { name: 'Bo' })
    const failedWebhooks = async () => (await admin('GET', '/api/v1/monitoring/dashboard')).body.failed_webhooks
    expect(await failedWebhooks()).toEqual([{ workflow_id: mailer.id, workflow_name: 'mailer', count: 2, last_error: 'input_data: email is missing or empty; workflow "mailer" requires it' }])
    // Corrected and replayed, it starts the execution.
    expect((await admin('POST', `/api/v1/webhooks/queue/${queued}/replay`, { payload: { name: 'Ada', email: 'ada@example.com' } })).status).toBe(200)
    await c.tick()
    expect((await admin('GET', `/api/v1/webhooks/queue/${queued}`)).body.status).toBe('completed')
    await c.tick()
    await expect.poll(() => sentTo('mailer')).toHaveLength(1)

    // A generic event is all or nothing: no listener starts until its data has what every one needs.
    const strict = await createWorkflow('strict', { required_input_fields: ['lead_id'], trigger_events: ['lead.created'] })
    const event = await webhook('generic', { event: 'lead.created', data: { name: 'Bob' } })
    expect((await admin('GET', `/api/v1/webhooks/queue/${event}`)).body).toMatchObject({
      status: 'failed',
      lastError: 'input_data: email is missing or empty; workflow "mailer" requires it; input_data: lead_id is missing or empty; workflow "strict" requires it',
    })
    expect(c.count('workflow_executions')).toBe(1)
    // As many for each: the newest failure first.
    expect(await failedWebhooks()).toEqual([
      { workflow_id: null, workflow_name: null, count: 1, last_error: expect.stringContaining('lead_id is missing or empty') },
      { workflow_id: mailer.id, workflow_name: 'mailer', count: 1, last_error: 'input_data: email is missing or empty; workflow "mailer" requires it' },
    ])
    await admin('POST', `/api/v1/webhooks/queue/${event}/replay`, { payload: { event: 'lead.created', data: { name: 'Bob', email: 'bob@example.com', lead_id: 7 } } })
    await c.tick()
    await expect.poll(() => [sentTo('mailer').length, sentTo('digest').length, sentTo('strict').length]).toEqual([2, 1, 1])
    expect([digest.id, strict.id].every((id) => id > mailer.id)).toBe(true)
  })

  it('refuse a value of another kind than the one asked for, saying which', async () => {
    const mailer = await createWorkflow('mailer', { required_input_fields: ['email:Email', 'lead_score: number', 'site: url', 'name'] })
    expect(mailer).toMatchObject({ required_input_fields: ['email: email', 'lead_score: number', 'site: url', 'name'] })
    const refused = await trigger(mailer.id, { email: 'ada@', lead_score: '80', site: 'javascript:alert(1)' })
    expect(refused.status).toBe(400)
    expect(refused.body.message).toBe('input_data: name is missing or empty; email must be an e-mail address; lead_score must be a number (it is text); site must be an http or https address; workflow "mailer" requires them')
    const queued = await webhook(String(mailer.id), { email: 'ada@example.com', lead_score: 80, site: 'https://ada.dev', name: 7 })
    expect((await admin('GET', `/api/v1/webhooks/queue/${queued}`)).body.status).toBe('completed')
    await expect.poll(() => sentTo('mailer')).toHaveLength(1)
    expect(c.count('workflow_executions')).toBe(1)
  })

  it('refuse a retry whose input lacks them, until the input is corrected', async () => {
    const mailer = await createWorkflow('mailer')
    n8n.mode = 'unavailable'
    const failed = (await trigger(mailer.id, { name: 'Ada' })).body.id as number
    c.clock.advance(3_600_000)
    await c.tick()
    await admin('PUT', `/api/v1/workflows/${mailer.id}`, { required_input_fields: ['email'] })
    n8n.mode = 'started'
    await admin('POST', `/api/v1/executions/${failed}/cancel`)
    // Its page says so before anyone tries.
    expect((await admin('GET', `/api/v1/executions/${failed}`)).body.input_refused).toBe('email is missing or empty')
    const retried = await admin('POST', `/api/v1/executions/${failed}/retry`, {})
    expect(retried.status).toBe(400)
    expect(retried.body.message).toBe('input_data: email is missing or empty; workflow "mailer" requires it')
    expect((await admin('POST', `/api/v1/executions/${failed}/retry`, { input_data: { name: 'Ada', email: 'ada@example.com' } })).status).toBe(200)
    await admin('PUT', `/api/v1/workflows/${mailer.id}`, { required_input_fields: ['name: number'] })
    expect((await admin('GET', `/api/v1/executions/${failed}`)).body.input_refused).toBe('name must be a number (it is text)')
    await admin('PUT', `/api/v1/workflows/${mailer.id}`, { required_input_fields: [] })
    expect((await admin('GET', `/api/v1/executions/${failed}`)).body.input_refused).toBeNull()
  })

  it.each([
    [['lead..email'], 'required_input_fields.0: must be a field name joined by "." (lead.email), with [n] for a list item, optionally followed by ": kind"'],
    [['email: mail'], 'required_input_fields.0: must be a field name'],
    [['email', 'email: email'], 'required_input_fields: email is listed with different kinds (any, email); keep one'],
    [['ok', 'items[x]'], 'required_input_fields.1'],
    [Array.from({ length: 51 }, (_, i) => `f${i}`), 'required_input_fields: at most 50 fields'],
    ['email', 'required_input_fields'],
  ])('refuse required_input_fields %j with a clear message, changing nothing', async (value, message) => {
    const workflow = await createWorkflow('strict', { required_input_fields: ['email'] })
    const answer = await admin('PUT', `/api/v1/workflows/${workflow.id}`, { required_input_fields: value })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toContain(message)
    expect((await admin('GET', `/api/v1/workflows/${workflow.id}`)).body).toMatchObject({ required_input_fields: ['email'] })
  })
})
