import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, type RunningCore } from '../helpers/core'

const trigger = (path: string) => ({ type: 'n8n-nodes-base.webhook', name: 'Webhook', parameters: { path, httpMethod: 'POST', authentication: 'headerAuth' } })

describe("n8n's workflows, read to link Flowgate workflows to them", () => {
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
