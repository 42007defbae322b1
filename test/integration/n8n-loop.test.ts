import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

const SECOND = 1000

describe('the n8n loop against a fake n8n', () => {
  let c: RunningCore
  let n8n: FakeN8n

  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const tick = () => c.tick()
  /** Runs the scheduler until `done` holds (callbacks arrive over real sockets). */
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await done()) return
      await tick()
    }
    throw new Error('condition not reached')
  }
  const execution = async (id: number) => (await admin('GET', `/api/v1/executions/${id}`)).body

  beforeEach(async () => {
    n8n = new FakeN8n()
    await n8n.start()
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
  })
  afterEach(async () => {
    await c.close()
    await n8n.stop()
  })

  it('webhook trigger → dispatch → n8n calls back started and completed → stats', async () => {
    n8n.callBack = { secret: TEST_WEBHOOK_SECRET, output: { score: 91, route: 'video' } }
    const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Lead Qualification', webhook_url: n8n.webhookUrl('lead') })
    const id = workflow.body.id as number
    const lead = JSON.stringify({ lead: { email: 'a@example.com' } })
    const intake = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, { method: 'POST', body: lead, headers: { ...json, ...sign.hmac(lead, TEST_WEBHOOK_SECRET) } })
    expect(intake.status).toBe(202)

    await until(async () => (await admin('GET', `/api/v1/workflows/${id}/executions`)).body.total === 1)
    const executionId = ((await admin('GET', `/api/v1/workflows/${id}/executions`)).body.items as { id: number }[])[0]!.id
    await until(async () => (await execution(executionId)).status === 'completed')

    expect(n8n.received).toHaveLength(1)
    expect(n8n.received[0]!.body).toEqual({
      flowgate: { execution_id: executionId, workflow_id: id, trigger_event: 'webhook', callback_url: `${c.publicUrl}/api/v1/webhooks/n8n/${id}`, attempt: 1 },
      data: { lead: { email: 'a@example.com' } },
    })
    const done = await execution(executionId)
    expect(done).toMatchObject({ status: 'completed', n8n_execution_id: '100', output_data: { score: 91, route: 'video' }, trigger_source: 'webhook' })
    expect((done.execution_log as { event: string }[]).map((e) => e.event)).toEqual(
      expect.arrayContaining(['execution_created', 'dispatch_sent', 'execution_started', 'execution_completed']),
    )
    // The call to n8n is among the workflow's events, not only the execution's.
    const events = (await admin('GET', `/api/v1/monitoring/events?workflow_id=${id}`)).body.items as { event_type: string; execution_id: number }[]
    expect(events).toContainEqual(expect.objectContaining({ event_type: 'dispatch_sent', execution_id: executionId }))
    expect((await admin('GET', `/api/v1/workflows/${id}/stats`)).body).toMatchObject({ execution_count: 1, success_count: 1, failure_count: 0, success_rate: 1 })
  })

  it('routes a generic event to every active workflow listening for it', async () => {
    const a = (await admin('POST', '/api/v1/workflows', { workflow_name: 'A', webhook_url: n8n.webhookUrl('a'), trigger_events: ['lead.created'] })).body.id
    await admin('POST', '/api/v1/workflows', { workflow_name: 'B', webhook_url: n8n.webhookUrl('b'), trigger_events: ['lead.created'], is_active: false })
    const cId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'C', webhook_url: n8n.webhookUrl('c'), trigger_events: ['lead.created', 'x'] })).body.id
    await admin('POST', '/api/v1/workflows', { workflow_name: 'D', webhook_url: n8n.webhookUrl('d'), trigger_events: ['other'] })
    const event = JSON.stringify({ event: 'lead.created', data: { id: 7 } })
    await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/generic`, { method: 'POST', body: event, headers: { ...json, ...sign.hmac(event, TEST_WEBHOOK_SECRET) } })
    await until(async () => n8n.received.length === 2)
    expect(n8n.received.map((r) => r.path).sort()).toEqual(['a', 'c'])
    expect(n8n.received.every((r) => r.body.flowgate.trigger_event === 'lead.created')).toBe(true)
    expect(new Set(n8n.received.map((r) => r.body.flowgate.workflow_id))).toEqual(new Set([a, cId]))
  })

  it('n8n down, then up: the dispatch arrives exactly once, after backoff', async () => {
    n8n.mode = 'unavailable'
    const id = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Nurture', webhook_url: n8n.webhookUrl('nurture') })).body.id as number
    const run = await admin('POST', `/api/v1/workflows/${id}/trigger`, { input_data: { lead: 3 } })
    expect(run).toMatchObject({ status: 200, body: { status: 'pending', trigger_source: 'api', trigger_event: 'manual' } })
    const executionId = run.body.id as number
    await tick()
    expect(n8n.received).toHaveLength(0)
    const outbox = () => c.core.internals.database.sqlite.prepare('select status, attempts, next_attempt_at from outbox').get() as { status: string; attempts: number; next_attempt_at: number }
    expect(outbox()).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: c.clock.now() + 60 * SECOND })

    n8n.mode = 'respond-with-id'
    c.clock.advance(30 * SECOND)
    await tick()
    expect(n8n.received).toHaveLength(0)
    c.clock.advance(30 * SECOND)
    await tick()
    await tick()
    expect(n8n.received).toHaveLength(1)
    expect(n8n.received[0]!.body.flowgate.attempt).toBe(2)
    expect(outbox()).toMatchObject({ status: 'done', attempts: 2 })
    expect(await execution(executionId)).toMatchObject({ status: 'running', n8n_execution_id: '100' })
    c.clock.advance(3600 * SECOND)
    await tick()
    expect(n8n.received).toHaveLength(1)
  })

  it('sends again while n8n says the webhook is not registered (just activated, or not yet), then gives up saying why', async () => {
    n8n.mode = 'not-registered'
    const id = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Fresh', webhook_url: n8n.webhookUrl('fresh') })).body.id as number
    const first = (await admin('POST', `/api/v1/workflows/${id}/trigger`, {})).body.id as number
    await until(async () => ((await execution(first)).execution_log as { event: string }[]).some((e) => e.event === 'dispatch_retry'))
    expect(await execution(first)).toMatchObject({ status: 'pending', error_message: null })
    // n8n has registered it now: the next attempt, a moment later, goes through.
    n8n.mode = 'started'
    c.clock.advance(2 * SECOND)
    await until(async () => (await execution(first)).status === 'running')
    expect(n8n.received).toHaveLength(1)

    // A webhook that never registers: the usual retries, then the execution fails with the reason.
    n8n.mode = 'not-registered'
    const second = (await admin('POST', `/api/v1/workflows/${id}/trigger`, {})).body.id as number
    for (let i = 0; i < 4; i++) {
      await tick()
      c.clock.advance(600 * SECOND)
    }
    await until(async () => (await execution(second)).status === 'failed')
    expect(String((await execution(second)).error_message)).toMatch(/^n8n answered 404: .*is not registered.* \(gave up after 4 attempts\)$/)
  })

  it('ignores a late or repeated callback: a finished execution never moves', async () => {
    const id = (await admin('POST', '/api/v1/workflows', { workflow_name: 'W', webhook_url: n8n.webhookUrl('w') })).body.id as number
    const executionId = (await admin('POST', `/api/v1/workflows/${id}/trigger`, {})).body.id as number
    const callback = async (payload: object) => {
      const text = JSON.stringify(payload)
      await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, { method: 'POST', body: text, headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) } })
      await tick()
    }
    await callback({ type: 'execution.failed', execution_id: executionId, error: { message: 'Email quota exceeded' } })
    await callback({ type: 'execution.completed', execution_id: executionId, output: { late: true } })
    await callback({ type: 'execution.started', execution_id: executionId })
    await callback({ type: 'execution.failed', execution_id: executionId, error: 'again' })
    expect(await execution(executionId)).toMatchObject({ status: 'failed', error_message: 'Email quota exceeded', output_data: null })
    expect((await admin('GET', `/api/v1/workflows/${id}/stats`)).body).toMatchObject({ execution_count: 1, failure_count: 1, success_count: 0 })
  })

  it('keeps statistics exact under concurrent, repeated and contradicting callbacks', async () => {
    const id = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Busy', webhook_url: n8n.webhookUrl('busy') })).body.id as number
    const executionIds: number[] = []
    for (let i = 0; i < 10; i++) executionIds.push((await admin('POST', `/api/v1/workflows/${id}/trigger`, {})).body.id as number)
    await tick()
    const callbacks = executionIds.flatMap((executionId, i) => {
      const outcome = i < 7 ? { type: 'execution.completed', execution_id: executionId } : { type: 'execution.failed', execution_id: executionId, error: 'boom' }
      return [outcome, outcome, { type: 'execution.failed', execution_id: executionId, error: 'late' }, outcome]
    })
    const sendAll = (payloads: object[]) =>
      Promise.all(
        payloads.map((payload) => {
          const text = JSON.stringify(payload)
          return fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, { method: 'POST', body: text, headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) } })
        }),
      )
    // Each execution's real outcome arrives (all at once) before its repeats and a late contradiction.
    await sendAll(callbacks.filter((_, i) => i % 4 === 0))
    await sendAll(callbacks.filter((_, i) => i % 4 !== 0))
    await until(async () => ((await admin('GET', '/api/v1/webhooks/queue/status')).body.counts as { queued: number }).queued === 0)
    await tick()
    expect((await admin('GET', `/api/v1/workflows/${id}/stats`)).body).toMatchObject({ execution_count: 10, success_count: 7, failure_count: 3 })
  })

  it('holds executions of a workflow that requires approval', async () => {
    const id = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Bulk email', webhook_url: n8n.webhookUrl('bulk'), requires_approval: true, default_approval_type: 'email_send', default_priority: 'high' })).body.id as number
    const executionId = (await admin('POST', `/api/v1/workflows/${id}/trigger`, { input_data: { recipients: 500 } })).body.id as number
    await tick()
    expect(n8n.received).toHaveLength(0)
    const approval = c.core.internals.database.sqlite.prepare('select execution_id, approval_type, approval_title, status, priority from workflow_approvals').get()
    expect(approval).toEqual({ execution_id: executionId, approval_type: 'email_send', approval_title: 'Run Bulk email', status: 'pending', priority: 'high' })
    expect(await execution(executionId)).toMatchObject({ status: 'pending' })
  })

  it('dispatches a manual trigger right away, without waiting for a timer', async () => {
    const id = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Now', webhook_url: n8n.webhookUrl('now') })).body.id as number
    await admin('POST', `/api/v1/workflows/${id}/trigger`, { trigger_event: 'operator.click', trigger_source: 'window' })
    for (let i = 0; i < 100 && n8n.received.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(n8n.received.map((r) => r.body.flowgate.trigger_event)).toEqual(['operator.click'])
  })

  it('refuses to trigger an inactive or unknown workflow', async () => {
    const id = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Off', webhook_url: n8n.webhookUrl('off'), is_active: false })).body.id as number
    expect(await admin('POST', `/api/v1/workflows/${id}/trigger`, {})).toMatchObject({ status: 409 })
    expect((await admin('POST', '/api/v1/workflows/9999/trigger', {})).status).toBe(404)
    expect((await admin('POST', `/api/v1/workflows/${id}/trigger`, { input_data: 'text' })).status).toBe(400)
  })
})
