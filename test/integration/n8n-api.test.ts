import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'

const trigger = (path: string) => ({ type: 'n8n-nodes-base.webhook', name: 'Webhook', parameters: { path, httpMethod: 'POST', authentication: 'headerAuth' } })

describe("n8n's API: test connection, reconcile, and its workflows to link to", () => {
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

  /** An execution dispatched to n8n, which answered with its own id (100) and never called back. */
  const runningInN8n = async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey })
    n8n.mode = 'respond-with-id'
    const workflowId = (await admin('POST', '/api/v1/workflows', { workflow_name: 'R', webhook_url: n8n.webhookUrl('r') })).body.id
    const id = (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id
    await tick()
    return id
  }

  it('corrects an execution whose result n8n knows but never called back', async () => {
    const id = await runningInN8n()
    expect((await admin('GET', `/api/v1/executions/${id}`)).body.status).toBe('running')
    n8n.executions.get('100')!.status = 'crashed'
    c.clock.advance(5 * 60_000)
    await tick()
    expect((await admin('GET', `/api/v1/executions/${id}`)).body).toMatchObject({ status: 'failed', error_message: 'n8n reports the execution crashed' })
  })

  it("says which node of n8n's run failed and why, read from the run's data", async () => {
    const id = await runningInN8n()
    Object.assign(n8n.executions.get('100')!, { status: 'error', error: { node: 'Check lead', message: 'lead has no email [line 1]' } })
    c.clock.advance(5 * 60_000)
    await tick()
    expect((await admin('GET', `/api/v1/executions/${id}`)).body).toMatchObject({
      status: 'failed',
      error_message: 'n8n reports the execution error: "Check lead" failed: lead has no email [line 1]',
    })
  })

  it('lists every workflow over several pages, with its trigger URL, its problems and what is already linked', async () => {
    c = await startTestCore({ N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey })
    n8n.workflows = [
      ...Array.from({ length: 260 }, (_, i) => ({ id: `bulk${i}`, name: `Bulk ${String(i).padStart(3, '0')}`, active: true, nodes: [trigger(`bulk-${i}`)] })),
      { id: 'mail', name: 'A mailer', active: true, nodes: [trigger('mailer')] },
      { id: 'get', name: 'A GET hook', active: false, nodes: [{ type: 'n8n-nodes-base.webhook', parameters: { path: 'get-hook' } }] },
    ]
    const linked = (await c.admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', n8n_workflow_id: 'mail', webhook_url: n8n.webhookUrl('mailer') })).body.id
    const answer = await c.admin('GET', '/api/v1/n8n/workflows')
    expect(answer.status).toBe(200)
    const items = answer.body.items as { id: string; name: string; webhook_url: string | null; problems: string[]; linked_workflow_id: number | null }[]
    expect(items).toHaveLength(262)
    // Not yet linked first, by name; the linked one last.
    expect(items[0]).toEqual({ id: 'get', name: 'A GET hook', active: false, webhook_url: `${n8n.base}/webhook/get-hook`, problems: expect.arrayContaining([expect.stringContaining('listens for GET')]), linked_workflow_id: null })
    expect(items[1]).toMatchObject({ id: 'bulk0', webhook_url: `${n8n.base}/webhook/bulk-0`, problems: [] })
    expect(items.at(-1)).toMatchObject({ id: 'mail', linked_workflow_id: linked })
  })

  it('says what to do when the n8n API is not set up, and when n8n refuses', async () => {
    c = await startTestCore()
    const unset = await c.admin('GET', '/api/v1/n8n/workflows')
    expect(unset.status).toBe(409)
    expect(unset.body.message).toBe("Set the n8n API URL and key in Settings first: n8n's workflows are read through its API")
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_API_URL: n8n.apiUrl, N8N_API_KEY: 'not-the-key' } })
    const refused = await c.admin('GET', '/api/v1/n8n/workflows')
    expect(refused.status).toBe(503)
    expect(refused.body.message).toBe('n8n could not list its workflows: n8n refused the API key (check N8N_API_KEY)')
  })
})
