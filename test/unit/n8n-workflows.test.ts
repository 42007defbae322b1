import { describe, expect, it } from 'vitest'
import { describeN8nWorkflow } from '../../src/main/core/n8n/n8n-workflows'
import type { N8nWorkflowRecord } from '../../src/main/core/n8n/n8n-client'

const BASE = 'https://acme.app.n8n.cloud'
const webhook = (parameters: Record<string, string>, extra: object = {}) => ({ type: 'n8n-nodes-base.webhook', name: 'Webhook', parameters, ...extra })
const describeIt = (nodes: N8nWorkflowRecord['nodes'], active = true) => describeN8nWorkflow({ id: 'abc', name: 'Mailer', active, nodes }, BASE, null)

describe("reading an n8n workflow's Webhook trigger", () => {
  it('a POST trigger with Header Auth on an active workflow: its production URL, nothing in the way', () => {
    expect(describeIt([{ type: 'n8n-nodes-base.set' }, webhook({ path: '/mailer', httpMethod: 'POST', authentication: 'headerAuth' })])).toEqual({
      id: 'abc',
      name: 'Mailer',
      active: true,
      webhook_url: `${BASE}/webhook/mailer`,
      problems: [],
      linked_workflow_id: null,
    })
  })

  it("n8n's defaults, left out of its JSON, are GET and no authentication: both are named", () => {
    const described = describeIt([webhook({ path: 'mailer' })])
    expect(described.webhook_url).toBe(`${BASE}/webhook/mailer`)
    expect(described.problems).toEqual([
      'Its Webhook trigger listens for GET; Flowgate sends POST: set its HTTP Method to POST',
      "Its Webhook trigger checks no credential: anyone with its URL can start it (Header Auth with Flowgate's webhook secret closes it)",
    ])
  })

  it('no trigger, a disabled one, several, and an inactive workflow are said in words', () => {
    expect(describeIt([webhook({ path: 'off', httpMethod: 'POST', authentication: 'headerAuth' }, { disabled: true })]).problems).toEqual([
      'No Webhook trigger: Flowgate starts n8n workflows through one (add a Webhook node, HTTP Method POST)',
    ])
    expect(describeIt(undefined).webhook_url).toBeNull()
    const two = describeIt([webhook({ path: 'a', httpMethod: 'POST', authentication: 'headerAuth' }), webhook({ path: 'b', httpMethod: 'POST', authentication: 'headerAuth' }, { name: 'Second' })], false)
    expect(two.webhook_url).toBe(`${BASE}/webhook/a`)
    expect(two.problems).toEqual([
      'It has 2 Webhook triggers; Flowgate uses the first, "Webhook"',
      'Inactive in n8n: its production webhook answers only once the workflow is activated',
    ])
  })
})
