import { TEST_WEBHOOK_SECRET, type RunningCore } from './core'
import { json, sign } from './sign'

/** n8n reports an execution finished, signed, through the public listener; then the core runs until it is handled. */
export const reportCompleted = (c: RunningCore, workflowId: number, executionId: number): Promise<void> => reportOutcome(c, workflowId, { type: 'execution.completed', execution_id: executionId })

/** n8n reports an execution failed, with what it failed with. */
export const reportFailed = (c: RunningCore, workflowId: number, executionId: number, message: string): Promise<void> =>
  reportOutcome(c, workflowId, { type: 'execution.failed', execution_id: executionId, error: { message } })

async function reportOutcome(c: RunningCore, workflowId: number, callback: object): Promise<void> {
  const text = JSON.stringify(callback)
  const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', body: text, headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) } })
  if (response.status !== 202) throw new Error(`the callback got ${response.status}: ${await response.text()}`)
  await c.tick()
  await c.tick()
}
