import { afterEach, beforeEach, expect } from 'vitest'
import { FakeN8n } from './fake-n8n'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from './core'
import { json, sign } from './sign'

/** The two ways an approval is asked for, against the running core and fake n8n the getters give. */
export function approvalRequests(core: () => RunningCore, fakeN8n: () => FakeN8n) {
  const admin = (method: string, path: string, body?: unknown) => core().admin(method, path, body)
  const sqlite = () => core().core.internals.database.sqlite
  const n8n = () => fakeN8n()

  /** A workflow that requires approval runs: its execution waits behind a new approval. */
  const gatedExecution = async (workflowId?: number) => {
    const id = workflowId ?? ((await admin('POST', '/api/v1/workflows', { workflow_name: `g-${Math.random()}`, webhook_url: n8n().webhookUrl('g'), requires_approval: true })).body.id as number)
    const execution = (await admin('POST', `/api/v1/workflows/${id}/trigger`, { input_data: { recipients: 250 } })).body.id as number
    const approval = sqlite().prepare('select id from workflow_approvals where execution_id = ?').pluck().get(execution) as number
    return { workflowId: id, execution, approval }
  }

  /** n8n, paused on a Wait node, sends approval.requested (signed); the approval's id once processed. */
  const n8nAsks = async (workflowId: number, n8nExecutionId: string, extra: object = {}) => {
    const body = JSON.stringify({
      type: 'approval.requested',
      n8n_execution_id: n8nExecutionId,
      resume_url: n8n().resumeUrl(n8nExecutionId),
      approval_type: 'email_send',
      title: 'Send 250 emails',
      priority: 'high',
      data: { recipients: 250 },
      ...extra,
    })
    const response = await fetch(`${core().publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', body, headers: { ...json, ...sign.hmac(body, TEST_WEBHOOK_SECRET) } })
    expect(response.status).toBe(202)
    await core().tick()
    return sqlite().prepare('select id from workflow_approvals where n8n_execution_id = ?').pluck().get(n8nExecutionId) as number
  }

  return { gatedExecution, n8nAsks }
}

/**
 * A fresh core (webhook secret set, auto-approval off unless `config` says otherwise) and a fake
 * n8n for each test of the calling describe block, handed over through `use` and stopped after.
 */
export function coreAndFakeN8nPerTest(config: Record<string, string>, use: (core: RunningCore, n8n: FakeN8n) => void): void {
  let running: { core: RunningCore; n8n: FakeN8n } | null = null
  beforeEach(async () => {
    const n8n = new FakeN8n()
    await n8n.start()
    const core = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, AUTO_APPROVAL_ENABLED: 'false', ...config })
    running = { core, n8n }
    use(core, n8n)
  })
  afterEach(async () => {
    await running?.core.close()
    await running?.n8n.stop()
    running = null
  })
}
