import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'

describe("n8n's API: test connection and reconcile", () => {
  let c: RunningCore
  let n8n: FakeN8n

  beforeEach(async () => {
    n8n = new FakeN8n()
    await n8n.start()
  })
  afterEach(async () => {
    await c.close()
    await n8n.stop()
  })
  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const tick = () => c.tick()

  it('tells not configured, unreachable, wrong URL, bad key and OK apart', async () => {
    c = await startTestCore()
    n8n.workflows = Array.from({ length: 130 }, (_, i) => ({ id: `w${i}`, name: `W${i}` }))
    const test = async (body?: object) => (await admin('POST', '/api/v1/n8n/test-connection', body)).body
    expect(await test()).toMatchObject({ ok: false, problem: 'not_configured' })
    expect(await test({ api_url: 'http://127.0.0.1:9/api/v1', api_key: 'k' })).toMatchObject({ ok: false, problem: 'unreachable' })
    expect(await test({ api_url: `${n8n.base}/rest`, api_key: n8n.apiKey })).toMatchObject({ ok: false, problem: 'wrong_url' })
    expect(await test({ api_url: n8n.apiUrl, api_key: 'wrong' })).toMatchObject({ ok: false, problem: 'bad_key', message: 'n8n refused the API key (check N8N_API_KEY)' })
    expect(await test({ api_url: n8n.apiUrl, api_key: n8n.apiKey })).toEqual({
      ok: true,
      problem: null,
      message: 'Connected: n8n has 130 workflow(s)',
      workflow_count: 130,
    })
  })

  it('corrects an execution whose result n8n knows but never called back', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey })
    n8n.mode = 'respond-with-id'
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'R', webhook_url: n8n.webhookUrl('r') })).body.id
    const id = (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id
    await tick()
    expect((await admin('GET', `/api/v1/executions/${id}`)).body.status).toBe('running')
    n8n.executions.get('100')!.status = 'crashed'
    c.clock.advance(5 * 60_000)
    await tick()
    expect((await admin('GET', `/api/v1/executions/${id}`)).body).toMatchObject({ status: 'failed', error_message: 'n8n reports the execution crashed' })
  })

  it("says which node of n8n's run failed and why, read from the run's data", async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey })
    n8n.mode = 'respond-with-id'
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'R', webhook_url: n8n.webhookUrl('r') })).body.id
    const id = (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id
    await tick()
    Object.assign(n8n.executions.get('100')!, { status: 'error', error: { node: 'Check lead', message: 'lead has no email [line 1]' } })
    c.clock.advance(5 * 60_000)
    await tick()
    expect((await admin('GET', `/api/v1/executions/${id}`)).body).toMatchObject({
      status: 'failed',
      error_message: 'n8n reports the execution error: "Check lead" failed: lead has no email [line 1]',
    })
  })
})
