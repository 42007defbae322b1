import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

const trigger = JSON.stringify({ lead: { email: 'a@example.com', score: 88 } })

describe('webhook intake over real sockets', () => {
  let c: RunningCore
  let workflowId: number

  beforeAll(async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    workflowId = c.addWorkflow({ n8nWorkflowId: 'aBcD1234efGH5678' })
  })
  afterAll(async () => {
    await c.close()
  })

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${c.publicUrl}${path}`, { method: 'POST', body, headers: { ...json, ...headers } })
  const row = (id: number) =>
    c.core.internals.database.sqlite.prepare('select * from webhook_queue where id = ?').get(id) as Record<string, unknown>

  it.each([
    ['shared secret', () => sign.sharedSecret(TEST_WEBHOOK_SECRET)],
    ['HMAC', () => sign.hmac(trigger, TEST_WEBHOOK_SECRET)],
    ['Standard Webhooks', () => sign.standard(trigger, TEST_WEBHOOK_SECRET)],
  ])('accepts a trigger signed with the %s and stores it before answering 202', async (_name, headers) => {
    const response = await post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, headers())
    expect(response.status).toBe(202)
    const { queued } = (await response.json()) as { queued: number }
    const stored = row(queued)
    expect(stored).toMatchObject({ workflow_id: workflowId, kind: 'trigger', webhook_payload: trigger })
    expect(String(stored.headers)).not.toMatch(/signature|test-webhook-secret/i)
  })

  it('accepts a body with a byte-order mark and stores it without one', async () => {
    const raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(trigger)])
    const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, {
      method: 'POST',
      body: raw,
      headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET) },
    })
    expect(response.status).toBe(202)
    expect(row(((await response.json()) as { queued: number }).queued).webhook_payload).toBe(trigger)
  })

  it("finds the workflow by n8n's id too", async () => {
    const response = await post('/api/v1/webhooks/n8n/aBcD1234efGH5678', trigger, sign.sharedSecret(TEST_WEBHOOK_SECRET))
    expect(response.status).toBe(202)
    expect(row(((await response.json()) as { queued: number }).queued).workflow_id).toBe(workflowId)
  })

  it('classifies callbacks, approval requests and generic events', async () => {
    const bodies: [string, string, string][] = [
      [`/api/v1/webhooks/n8n/${workflowId}`, JSON.stringify({ type: 'execution.completed', execution_id: 7, n8n_execution_id: '42' }), 'execution_callback'],
      [
        `/api/v1/webhooks/n8n/${workflowId}`,
        JSON.stringify({
          type: 'approval.requested',
          n8n_execution_id: '42',
          resume_url: 'http://127.0.0.1:5678/webhook-waiting/42?signature=abc',
          approval_type: 'email_send',
          title: 'Send 500 emails',
        }),
        'approval_request',
      ],
      ['/api/v1/webhooks/n8n/generic', JSON.stringify({ event: 'lead.created', data: { id: 1 } }), 'generic_event'],
    ]
    for (const [path, body, kind] of bodies) {
      const response = await post(path, body, sign.hmac(body, TEST_WEBHOOK_SECRET))
      expect(response.status, body).toBe(202)
      expect(row(((await response.json()) as { queued: number }).queued).kind).toBe(kind)
    }
  })

  it('answers a repeated webhook-id or Idempotency-Key with the original id and adds no row', async () => {
    const first = await post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, { ...sign.sharedSecret(TEST_WEBHOOK_SECRET), 'idempotency-key': 'order-991' })
    const before = c.count('webhook_queue')
    const again = await post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, { ...sign.sharedSecret(TEST_WEBHOOK_SECRET), 'idempotency-key': 'order-991' })
    const original = ((await first.json()) as { queued: number }).queued
    expect(again.status).toBe(202)
    expect(await again.json()).toEqual({ queued: original, duplicate: true })
    expect(c.count('webhook_queue')).toBe(before)

    // A replayed Standard Webhooks message (same id, same signature) is the same case.
    const headers = sign.standard(trigger, TEST_WEBHOOK_SECRET, 'msg_replayed')
    const one = (await (await post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, headers)).json()) as { queued: number }
    const replay = await post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, headers)
    expect(await replay.json()).toEqual({ queued: one.queued, duplicate: true })
  })

  it('dedupes concurrent duplicates inside one group commit', async () => {
    const before = c.count('webhook_queue')
    const headers = { ...sign.sharedSecret(TEST_WEBHOOK_SECRET), 'idempotency-key': 'burst-1' }
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, headers)))
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { queued: number }).queued)))
    expect(ids.size).toBe(1)
    expect(c.count('webhook_queue')).toBe(before + 1)
  })

  it("uses the workflow's own secret instead of the global one", async () => {
    const own = c.addWorkflow({ webhookSecret: 'workflow-own-secret' })
    expect((await post(`/api/v1/webhooks/n8n/${own}`, trigger, sign.sharedSecret('workflow-own-secret'))).status).toBe(202)
    expect((await post(`/api/v1/webhooks/n8n/${own}`, trigger, sign.sharedSecret(TEST_WEBHOOK_SECRET))).status).toBe(401)
  })

  it('says an unknown workflow is unknown, only to an authenticated sender', async () => {
    const before = c.count('webhook_queue')
    const unknown = await post('/api/v1/webhooks/n8n/999999', trigger, sign.sharedSecret(TEST_WEBHOOK_SECRET))
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ error: 'unknown_workflow', message: 'No workflow "999999" is registered in Flowgate; nothing was stored' })
    expect((await post('/api/v1/webhooks/n8n/999999', trigger, sign.sharedSecret('guess'))).status).toBe(401)
    expect(c.count('webhook_queue')).toBe(before)
  })

  it('answers the connectivity test, and checks a signature when one is sent', async () => {
    const plain = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/test`)
    expect(await plain.json()).toMatchObject({ status: 'ok', authenticated: false })
    const signed = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/test`, { headers: sign.sharedSecret(TEST_WEBHOOK_SECRET) })
    expect(await signed.json()).toMatchObject({ status: 'ok', authenticated: true })
    const wrong = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/test`, { headers: sign.sharedSecret('nope') })
    expect(wrong.status).toBe(401)
  })

  it('records rejected signatures as warnings, at most one per sender and reason per window', async () => {
    const db = c.core.internals.database.sqlite
    const rejections = () => db.prepare("select count(*) from workflow_monitoring where event_type = 'webhook_rejected'").pluck().get() as number
    const before = rejections()
    const refused = async () => (await c.admin('GET', '/api/v1/monitoring/dashboard')).body.refused_webhooks as { count: number; last_at: number; last_error: string }
    const refusedBefore = (await refused()).count
    for (let i = 0; i < 25; i++) {
      const r = await post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, { ...sign.sharedSecret('bad'), 'x-forwarded-for': '203.0.113.9' })
      expect(r.status).toBe(401)
    }
    await c.core.internals.monitor.flush()
    expect(rejections()).toBe(before + 1)
    c.clock.advance(11_000)
    await post(`/api/v1/webhooks/n8n/${workflowId}`, trigger, { ...sign.sharedSecret('bad'), 'x-forwarded-for': '203.0.113.9' })
    await c.core.internals.monitor.flush()
    const last = db.prepare("select event_data, severity from workflow_monitoring where event_type = 'webhook_rejected' order by id desc limit 1").get() as { event_data: string; severity: string }
    expect(last.severity).toBe('warning')
    expect(JSON.parse(last.event_data)).toMatchObject({ reason: 'bad', error: 'X-N8N-Signature does not match the configured secret', sender: '203.0.113.9', suppressed: 24 })
    // The dashboard counts every refusal, those a recorded one stood for included.
    expect(await refused()).toEqual({ count: refusedBefore + 26, last_at: c.clock.now(), last_error: 'X-N8N-Signature does not match the configured secret' })
    c.clock.advance(24 * 3_600_000 + 1)
    expect(await refused()).toEqual({ count: 0, last_at: null, last_error: null })
  })
})

describe('webhook intake without a secret', () => {
  let c: RunningCore
  afterEach(async () => {
    await c.close()
  })

  it('refuses every webhook with 503 saying how to set one', async () => {
    c = await startTestCore()
    const id = c.addWorkflow()
    const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, { method: 'POST', body: trigger, headers: { ...json, ...sign.sharedSecret('') } })
    expect(response.status).toBe(503)
    expect(((await response.json()) as { message: string }).message).toMatch(/set N8N_WEBHOOK_SECRET/)
    expect(c.count('webhook_queue')).toBe(0)
  })

  it('rate-limits per sender, keyed on the forwarded address, with Retry-After', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '5' })
    const id = c.addWorkflow()
    const send = (sender: string) =>
      fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, {
        method: 'POST',
        body: trigger,
        headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET), 'cf-connecting-ip': sender },
      })
    for (let i = 0; i < 5; i++) {
      const accepted = await send('198.51.100.1')
      expect(accepted.status).toBe(202)
      expect(accepted.headers.get('x-ratelimit-remaining')).toBeNull()
    }
    const limited = await send('198.51.100.1')
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' })
    expect((await send('198.51.100.2')).status).toBe(202)
    expect(c.count('webhook_queue')).toBe(6)
  })

  it("keys the rate limit on the address the tunnel appended, not on what the caller wrote before it", async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '3' })
    const id = c.addWorkflow()
    const send = (headers: Record<string, string>) =>
      fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, { method: 'POST', body: trigger, headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET), ...headers } })
    // A new forged first entry each time, and a forged CF-Connecting-IP: still one sender.
    const forged = (i: number) => ({ 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7`, 'cf-connecting-ip': `10.9.9.${i}` })
    expect(await Promise.all([1, 2, 3].map(async (i) => (await send(forged(i))).status))).toEqual([202, 202, 202])
    expect((await send(forged(4))).status).toBe(429)
    // A reverse proxy on this computer appends the tunnel agent's loopback address: skipped.
    expect((await send({ 'x-forwarded-for': '203.0.113.7, 127.0.0.1' })).status).toBe(429)
    expect((await send({ 'x-forwarded-for': '203.0.113.8, ::1' })).status).toBe(202)
    const sources = c.core.internals.database.sqlite.prepare('select distinct source from webhook_queue order by source').pluck().all()
    expect(sources).toEqual(['203.0.113.7', '203.0.113.8'])
  })

  it('believes forwarded addresses only from trusted proxies: a direct caller is its socket, whatever it writes', async () => {
    // This computer is not a trusted proxy here, so the test client is a caller reaching the listener directly.
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '3', FLOWGATE_TRUSTED_PROXIES: '192.0.2.1' })
    const id = c.addWorkflow()
    const send = (i: number) =>
      fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, {
        method: 'POST',
        body: trigger,
        headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET), 'x-forwarded-for': `203.0.113.${i}`, 'cf-connecting-ip': `198.51.100.${i}` },
      })
    expect(await Promise.all([1, 2, 3].map(async (i) => (await send(i)).status))).toEqual([202, 202, 202])
    expect((await send(4)).status).toBe(429)
    const sources = c.core.internals.database.sqlite.prepare('select distinct source from webhook_queue').pluck().all()
    expect(sources).toEqual(['127.0.0.1'])
  })
})
