import { describe, expect, it } from 'vitest'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import type { FakeN8n } from '../helpers/fake-n8n'
import { TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

interface Item {
  status: string
  kind: string
  payload: Record<string, unknown>
  original_payload: Record<string, unknown> | null
  attempts: { outcome: string; changed?: string[] }[]
}

describe('replaying a failed webhook with its body corrected', () => {
  let c: RunningCore
  let n8n: FakeN8n
  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  /** A running execution, and a callback for it that named the wrong execution, failed for good. */
  const failedCallback = async () => {
    const workflowId = (await c.admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', webhook_url: n8n.webhookUrl('mailer') })).body.id as number
    const execution = (await c.admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id as number
    await c.tick()
    const body = JSON.stringify({ type: 'execution.completed', execution_id: 999, n8n_execution_id: '77', output: { sent: 12 } })
    const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET) }, body })
    const queued = ((await response.json()) as { queued: number }).queued
    await c.tick()
    expect(((await c.admin('GET', `/api/v1/webhooks/queue/${queued}`)).body as unknown as Item).status).toBe('failed')
    return { queued, execution, workflowId }
  }
  const item = async (id: number) => (await c.admin('GET', `/api/v1/webhooks/queue/${id}`)).body as unknown as Item

  it('is handled as corrected, keeps what n8n sent, and says what changed', async () => {
    const { queued, execution } = await failedCallback()
    const sent = (await item(queued)).payload
    const replayed = await c.admin('POST', `/api/v1/webhooks/queue/${queued}/replay`, { payload: { ...sent, execution_id: execution } })
    expect(replayed.status, replayed.body.message).toBe(200)
    expect(replayed.body).toMatchObject({ status: 'queued', original_payload: sent, payload: { execution_id: execution } })
    await c.tick()
    const after = await item(queued)
    expect(after.status).toBe('completed')
    expect(after.attempts.find((a) => a.outcome === 'replayed')).toEqual(expect.objectContaining({ changed: ['execution_id'] }))
    expect((await c.admin('GET', `/api/v1/executions/${execution}`)).body).toMatchObject({ status: 'completed', output_data: { sent: 12 } })
    const log = (await c.admin('GET', '/api/v1/monitoring/events?event_type=operator_action')).body.items as { event_data: { summary: string } }[]
    expect(log.map((e) => e.event_data.summary)).toContain(`replayed webhook #${queued} with changes to execution_id`)
  })

  it('refuses a correction the door would have refused, and changes nothing', async () => {
    const { queued } = await failedCallback()
    const before = await item(queued)
    for (const [payload, message] of [
      [{ type: 'execution.completed' }, 'payload: Invalid execution callback'],
      [{ type: 'lead.created', execution_id: 1 }, 'payload: Unknown type "lead.created"'],
      [{ deep: JSON.parse('{"a":'.repeat(70) + '1' + '}'.repeat(70)) }, 'nested deeper'],
    ] as const) {
      const refused = await c.admin('POST', `/api/v1/webhooks/queue/${queued}/replay`, { payload })
      expect(refused.status).toBe(400)
      expect(refused.body.message).toContain(message)
    }
    expect(await item(queued)).toEqual(before)
  })

  it('with the body unchanged it is a plain replay: nothing kept beside it', async () => {
    const { queued } = await failedCallback()
    const sent = (await item(queued)).payload
    const replayed = await c.admin('POST', `/api/v1/webhooks/queue/${queued}/replay`, { payload: sent })
    expect(replayed.body).toMatchObject({ status: 'queued', original_payload: null })
    expect((await c.admin('POST', `/api/v1/webhooks/queue/${queued}/replay`, { payload: sent })).status).toBe(409)
  })
})
