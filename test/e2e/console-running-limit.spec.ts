import { expect, test } from '@playwright/test'
import { E2E_TOKEN as TOKEN, startBuiltServe, stopBuiltServe, adminCall } from '../helpers/built-serve'
import { FakeN8n } from '../helpers/fake-n8n'
import type { ServeProcess } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'

const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
let serve: ServeProcess
let cleanup: () => void

test.beforeAll(async () => {
  const temp = tempDir()
  cleanup = temp.cleanup
  await n8n.start()
  serve = await startBuiltServe(temp.dir, { N8N_WEBHOOK_SECRET: SECRET })
})

test.afterAll(async () => {
  await stopBuiltServe(serve)
  await n8n.stop()
  cleanup()
})

const admin = (method: string, path: string, body?: unknown) => adminCall<{ id: number }>(serve, method, path, body)

test('a workflow limited to one execution at a time in n8n sends the next when n8n reports the first finished', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Video creation', webhook_url: n8n.webhookUrl('video') })
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows/${workflow.id}`)
  const detail = page.getByTestId('workflow-detail')
  await expect(detail.getByTestId('workflow-running')).toHaveText('0 now · no limit')
  await detail.getByRole('button', { name: 'Edit' }).click()
  const form = page.getByRole('form', { name: 'Edit Video creation' })
  await form.getByLabel('At most running at once in n8n').fill('0')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form).toContainText('must be at least 1 (empty for no limit)')
  await form.getByLabel('At most running at once in n8n').fill('1')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(detail.getByTestId('workflow-running')).toHaveText('0 now · at most 1 at once, the rest wait for a free slot')

  const first = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { video: 1 } })
  const second = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { video: 2 } })
  await expect.poll(() => n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([first.id])
  await expect(detail.getByTestId('workflow-running')).toHaveText(/^1 now · at most 1 at once/)

  await page.goto(`${serve.line.admin}/#/executions/${second.id}`)
  await expect(page.getByTestId(`execution-row-${second.id}`)).toContainText('waiting for a free slot')
  await expect(page.getByTestId('execution-waiting-for-slot')).toContainText('It goes as soon as one of them finishes.')

  // n8n reports the first one finished: the second goes, and its page follows.
  const done = JSON.stringify({ type: 'execution.completed', execution_id: first.id })
  const callback = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body: done })
  expect(callback.status).toBe(202)
  await expect.poll(() => n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([first.id, second.id])
  await expect(page.getByTestId('execution-waiting-for-slot')).toHaveCount(0)
  await expect(page.getByTestId('execution-detail')).toContainText('running')
  await expect(page.getByTestId(`execution-row-${second.id}`)).not.toContainText('waiting for a free slot')
})
