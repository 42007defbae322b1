import { afterEach, describe, expect, it } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json } from '../helpers/sign'

const SECOND = 1000

describe('execution lifecycle: cancel, retry, timeouts', () => {
  let c: RunningCore
  let n8n: FakeN8n

  const setup = async (options: { withApi?: boolean } = {}) => {
    n8n = new FakeN8n()
    await n8n.start()
    const api: Record<string, string> = options.withApi ? { N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey } : {}
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WORKFLOW_EXECUTION_TIMEOUT_SECONDS: '300', ...api })
  }
  afterEach(async () => {
    await c.close()
    await n8n.stop()
  })
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${c.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body === undefined ? {} : json) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { message?: string } }
  }
  const tick = async () => {
    await new Promise((r) => setTimeout(r, 30))
    await c.core.internals.scheduler.tick()
  }
  const workflow = async (fields: object = {}) =>
    (await admin('POST', '/api/v1/workflows', { workflow_name: `wf-${Math.random()}`, webhook_url: n8n.webhookUrl('w'), ...fields })).body.id as number
  const trigger = async (workflowId: number) => (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id as number
  const execution = async (id: number) => (await admin('GET', `/api/v1/executions/${id}`)).body

  it('cancels a pending execution: its dispatch is never sent', async () => {
    await setup()
    n8n.mode = 'unavailable'
    const id = await trigger(await workflow())
    await tick()
    const cancelled = await admin('POST', `/api/v1/executions/${id}/cancel`)
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', error_message: 'cancelled by the operator' } })
    n8n.mode = 'started'
    c.clock.advance(3600 * SECOND)
    await tick()
    expect(n8n.received).toHaveLength(0)
    expect(await admin('POST', `/api/v1/executions/${id}/cancel`)).toMatchObject({ status: 409, body: { message: `Execution ${id} is cancelled; only pending or running executions can be cancelled` } })
  })

  it('cancelling a running execution asks n8n to stop it, with the API key', async () => {
    await setup({ withApi: true })
    n8n.mode = 'respond-with-id'
    const id = await trigger(await workflow())
    await tick()
    expect(await execution(id)).toMatchObject({ status: 'running', n8n_execution_id: '100' })
    await admin('POST', `/api/v1/executions/${id}/cancel`)
    await tick()
    expect(n8n.stopped).toEqual(['100'])
    expect((await execution(id)).status).toBe('cancelled')
  })

  it('cancelling closes the open approval of a gated execution', async () => {
    await setup()
    const id = await trigger(await workflow({ requires_approval: true }))
    await admin('POST', `/api/v1/executions/${id}/cancel`)
    const approval = c.core.internals.database.sqlite.prepare('select status, decision_reason, decision_source from workflow_approvals where execution_id = ?').get(id)
    expect(approval).toEqual({ status: 'rejected', decision_reason: 'execution cancelled', decision_source: 'api' })
  })

  it('retries a failed execution as a new, linked attempt', async () => {
    await setup()
    n8n.mode = 'not-registered'
    const workflowId = await workflow()
    const id = await trigger(workflowId)
    await tick()
    expect((await execution(id)).status).toBe('failed')
    n8n.mode = 'started'
    const retried = await admin('POST', `/api/v1/executions/${id}/retry`)
    expect(retried).toMatchObject({ status: 200, body: { retry_of: id, attempt: 2, trigger_source: 'retry', status: 'pending' } })
    await tick()
    expect(n8n.received).toHaveLength(1)
    expect(n8n.received[0]!.body.flowgate.execution_id).toBe(retried.body.id)
    expect((await admin('POST', `/api/v1/executions/${retried.body.id}/retry`)).status).toBe(409)
    expect((await admin('GET', `/api/v1/workflows/${workflowId}/stats`)).body).toMatchObject({ execution_count: 2, failure_count: 1 })
  })

  it('fails a running execution past its timeout when n8n cannot be asked', async () => {
    await setup()
    const workflowId = await workflow({ timeout_seconds: 120 })
    const id = await trigger(workflowId)
    await tick()
    expect((await execution(id)).status).toBe('running')
    c.clock.advance(119 * SECOND)
    await tick()
    expect((await execution(id)).status).toBe('running')
    c.clock.advance(1 * SECOND)
    await tick()
    expect(await execution(id)).toMatchObject({ status: 'failed', error_message: 'timeout: no result within 120 s' })
    expect((await admin('GET', `/api/v1/workflows/${workflowId}/stats`)).body).toMatchObject({ failure_count: 1 })
  })

  it("asks n8n about an overdue execution and follows its answer", async () => {
    await setup({ withApi: true })
    n8n.mode = 'respond-with-id'
    const id = await trigger(await workflow())
    await tick()
    c.clock.advance(300 * SECOND)
    await tick()
    expect((await execution(id)).status).toBe('running')
    n8n.executions.get('100')!.status = 'success'
    c.clock.advance(300 * SECOND)
    await tick()
    expect((await execution(id)).status).toBe('completed')
  })
})
