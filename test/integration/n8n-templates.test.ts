import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, TEST_ADMIN_TOKEN, type RunningCore } from '../helpers/core'

interface Node {
  id: string
  name: string
  type: string
  parameters: Record<string, unknown>
}
interface WorkflowJson {
  name: string
  nodes: Node[]
  connections: Record<string, { main: { node: string }[][] }>
}

const knownTypes = new Set([
  'n8n-nodes-base.webhook',
  'n8n-nodes-base.respondToWebhook',
  'n8n-nodes-base.httpRequest',
  'n8n-nodes-base.wait',
  'n8n-nodes-base.noOp',
  'n8n-nodes-base.if',
])

/**
 * A node calling Flowgate tries again when refused (a 503 while nothing can be stored, a 429, the
 * tunnel blinking), under one key per message that is the same on every try, so a try whose answer
 * was lost is taken as the repeat it is.
 */
function expectSentAgainWhenRefused(node: Node): void {
  expect(node, node.name).toMatchObject({ retryOnFail: true, maxTries: 5, waitBetweenTries: 5_000 })
  expect(node.parameters, node.name).toMatchObject({
    sendHeaders: true,
    headerParameters: { parameters: [{ name: 'Idempotency-Key', value: expect.stringMatching(/^=\{\{ \$execution\.id \}\}:\{\{ \$nodeId \?\? '[a-z0-9-]{1,60}' \}\}:\{\{ \$runIndex \}\}:\{\{ \$itemIndex \}\}$/) }] },
  })
}

/** The node part of each node's key: its own, whatever n8n it runs on. */
const keyedAs = (node: Node) => /\?\? '([^']+)'/.exec(JSON.stringify(node.parameters.headerParameters))![1]

describe('importable n8n templates', () => {
  let c: RunningCore
  let workflowId: number
  const get = async (path: string) => {
    const response = await fetch(`${c.adminUrl}${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    return { status: response.status, body: (await response.json()) as WorkflowJson & { message?: string } }
  }

  beforeAll(async () => {
    c = await startTestCore({ FLOWGATE_PUBLIC_URL: 'https://flowgate.example.com' })
    workflowId = c.addWorkflow({ name: 'Lead Qualification' })
  })
  afterAll(async () => {
    await c.close()
  })

  it.each(['lead-qualification', 'video-demo-site', 'follow-up'])('%s is well-formed n8n workflow JSON wired to Flowgate', async (name) => {
    const { status, body } = await get(`/api/v1/n8n/templates/${name}?workflow_id=${workflowId}`)
    expect(status).toBe(200)
    const names = body.nodes.map((n) => n.name)
    expect(new Set(names).size).toBe(names.length)
    expect(new Set(body.nodes.map((n) => n.id)).size).toBe(names.length)
    for (const node of body.nodes) expect(knownTypes, node.type).toContain(node.type)

    // Every connection joins existing nodes, and every node is reachable from the trigger.
    for (const [from, { main }] of Object.entries(body.connections)) {
      expect(names).toContain(from)
      for (const to of main.flat()) expect(names).toContain(to.node)
    }
    const reached = new Set(['Flowgate dispatch'])
    for (let grew = true; grew; ) {
      grew = false
      for (const [from, { main }] of Object.entries(body.connections)) {
        if (!reached.has(from)) continue
        for (const to of main.flat()) {
          if (reached.has(to.node)) continue
          reached.add(to.node)
          grew = true
        }
      }
    }
    expect([...reached].sort()).toEqual([...names].sort())

    const trigger = body.nodes.find((n) => n.name === 'Flowgate dispatch')!
    expect(trigger).toMatchObject({ type: 'n8n-nodes-base.webhook', parameters: { httpMethod: 'POST', responseMode: 'responseNode' } })
    expect(JSON.stringify(body.nodes.find((n) => n.type === 'n8n-nodes-base.respondToWebhook'))).toContain('$execution.id')

    const bodies = body.nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest').map((n) => String(n.parameters.jsonBody))
    expect(bodies.some((b) => b.includes("type: 'execution.started'"))).toBe(true)
    expect(bodies.some((b) => b.includes("type: 'execution.completed'"))).toBe(true)
    const approvals = bodies.filter((b) => b.includes("type: 'approval.requested'"))
    expect(approvals.length).toBeGreaterThan(0)
    for (const approval of approvals) expect(approval).toContain('resume_url: $execution.resumeUrl')
    for (const request of body.nodes.filter((n) => n.name.startsWith('Request approval'))) {
      expect(body.connections[request.name]!.main[0]!.map((t) => t.node)).toEqual(['Wait for decision'])
    }
    const urls = body.nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest').map((n) => String(n.parameters.url))
    for (const url of urls) expect(url).toContain(`https://flowgate.example.com/api/v1/webhooks/n8n/${workflowId}`)
    const calls = body.nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest')
    for (const call of calls) expectSentAgainWhenRefused(call)
    expect(new Set(calls.map(keyedAs)).size).toBe(calls.length)
    expect(body.nodes.filter((n) => n.type === 'n8n-nodes-base.noOp').every((n) => n.name.startsWith('Placeholder: '))).toBe(true)

    // A step reached only through an approval says where the approved (maybe corrected) data is.
    const incoming = (target: string) => Object.values(body.connections).flatMap(({ main }) => main.flat()).filter((to) => to.node === target).length
    for (const gate of body.nodes.filter((n) => n.name.startsWith('Approved?'))) {
      const next = body.nodes.find((n) => n.name === body.connections[gate.name]!.main[0]![0]!.node) as Node & { notes?: string }
      if (incoming(next.name) === 1) expect(next.notes, next.name).toContain('{{ $json.body.data }}')
    }
  })

  it("gives an approval gate to paste into any n8n workflow: ask this workflow, wait, branch on the decision", async () => {
    const gated = c.addWorkflow({ name: "Ada's {{mailer}}" })
    c.core.internals.database.sqlite.prepare("update n8n_workflows set default_approval_type = 'email_send', default_priority = 'high' where id = ?").run(gated)
    const { status, body } = await get(`/api/v1/workflows/${gated}/n8n-nodes/approval-gate`)
    expect(status).toBe(200)
    expect(body.nodes.map((n) => [n.name, n.type])).toEqual([
      ['Ask Flowgate: email_send', 'n8n-nodes-base.httpRequest'],
      ['Wait for decision', 'n8n-nodes-base.wait'],
      ['Approved? (email_send)', 'n8n-nodes-base.if'],
    ])
    expect(body.connections).toEqual({
      'Ask Flowgate: email_send': { main: [[{ node: 'Wait for decision', type: 'main', index: 0 }]] },
      'Wait for decision': { main: [[{ node: 'Approved? (email_send)', type: 'main', index: 0 }]] },
    })
    expect((body.nodes[2] as Node & { notes?: string }).notes).toContain('{{ $json.body.data }}')
    expectSentAgainWhenRefused(body.nodes[0]!)
    expect(keyedAs(body.nodes[0]!)).toBe('ask-flowgate-email-send')
    const ask = body.nodes[0]!.parameters as { url: string; jsonBody: string; genericAuthType: string }
    expect(ask.url).toBe(`https://flowgate.example.com/api/v1/webhooks/n8n/${gated}`)
    expect(ask.genericAuthType).toBe('httpHeaderAuth')
    // The expression n8n evaluates: the current item is the data, n8n's resume URL goes whole; a name cannot end it early.
    const expression = ask.jsonBody.slice('={{ JSON.stringify('.length, -') }}'.length)
    expect(expression).not.toContain('}}')
    const $execution = { id: '42', resumeUrl: 'http://n8n:5678/webhook-waiting/42?signature=abc' }
    const evaluate = ($json: unknown) => new Function('$execution', '$json', `return (${expression})`)($execution, $json) as { data: unknown }
    // Right after a Webhook trigger, the body it received, its headers left out.
    expect(evaluate({ headers: { authorization: 'Bearer x' }, query: {}, body: { email: 'ada@example.com' } }).data).toEqual({ email: 'ada@example.com' })
    expect(evaluate({ email: 'ada@example.com' })).toEqual({
      type: 'approval.requested',
      n8n_execution_id: '42',
      resume_url: 'http://n8n:5678/webhook-waiting/42?signature=abc',
      approval_type: 'email_send',
      title: "Decision needed: Ada's {{mailer} }",
      priority: 'high',
      data: { email: 'ada@example.com' },
    })
    expect(await get('/api/v1/workflows/424242/n8n-nodes/approval-gate')).toMatchObject({ status: 404, body: { message: 'Workflow 424242 does not exist' } })
    expect(await get(`/api/v1/workflows/${gated}/n8n-nodes/crypto-miner`)).toMatchObject({ status: 400 })
  })

  it('gives a node that sends each item here, as a trigger of this workflow', async () => {
    const { status, body } = await get(`/api/v1/workflows/${workflowId}/n8n-nodes/send-here`)
    expect(status).toBe(200)
    expect(body.name).toBe('Flowgate send here: Lead Qualification')
    expect(body.nodes.map((n) => [n.name, n.type])).toEqual([['Send to Flowgate: Lead Qualification', 'n8n-nodes-base.httpRequest']])
    expectSentAgainWhenRefused(body.nodes[0]!)
    const send = body.nodes[0]!.parameters as { url: string; jsonBody: string }
    expect(send.url).toBe(`https://flowgate.example.com/api/v1/webhooks/n8n/${workflowId}`)
    // No `type`: Flowgate takes the item as a trigger of the workflow, its input.
    expect(send.jsonBody).toBe('={{ JSON.stringify(($json.headers && $json.body !== undefined ? $json.body : $json)) }}')
  })

  it('answers an unknown template or workflow clearly', async () => {
    expect(await get('/api/v1/n8n/templates/crypto-miner')).toMatchObject({ status: 400 })
    expect(await get('/api/v1/n8n/templates/follow-up?workflow_id=424242')).toMatchObject({ status: 404, body: { message: 'Workflow 424242 does not exist' } })
  })
})
