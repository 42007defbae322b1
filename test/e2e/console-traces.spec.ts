import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, adminCall } from '../helpers/built-serve'
import { FakeN8n } from '../helpers/fake-n8n'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'
import { json, sign } from '../helpers/sign'

const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
let serve: ServeProcess
builtServePerFile(() => ({ N8N_WEBHOOK_SECRET: SECRET }), [n8n], (started) => (serve = started))

test('a webhook names the execution it started, and the execution the webhook it came from, each a click from the other', async ({ page }) => {
  const workflow = await adminCall<{ id: number }>(serve, 'POST', '/api/v1/workflows', { workflow_name: 'Lead intake', webhook_url: n8n.webhookUrl('leads') })
  const body = JSON.stringify({ email: 'ada@example.com' })
  const response = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, { method: 'POST', body, headers: { ...json, ...sign.hmac(body, SECRET) } })
  const { queued } = (await response.json()) as { queued: number }
  await expect.poll(async () => (await adminCall<{ status: string }>(serve, 'GET', `/api/v1/webhooks/queue/${queued}`)).status).toBe('completed')

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/queue/${queued}`)
  await expect(page.getByTestId('queue-detail')).toContainText(`Webhook #${queued}`)
  const ledTo = page.getByTestId('webhook-led-to')
  await expect(ledTo).toContainText('Started execution #')
  await expect(ledTo).toContainText('Lead intake')
  expect(await accessibilityViolations(page, 'a webhook with what it led to')).toEqual([])
  await ledTo.getByRole('button', { name: /^execution #\d+$/ }).click()

  await expect(page.getByTestId('execution-detail')).toContainText('Lead intake')
  await expect(page.getByTestId('execution-webhook')).toHaveText(`webhook #${queued}`)
  await page.getByTestId('execution-webhook').click()
  await expect(page).toHaveURL(new RegExp(`#/queue/${queued}$`))
  await expect(page.getByTestId('queue-detail')).toContainText(`Webhook #${queued}`)
})

test('an approval n8n asked for names the webhook that carried the request, and that webhook names the approval', async ({ page }) => {
  const workflow = await adminCall<{ id: number }>(serve, 'POST', '/api/v1/workflows', { workflow_name: 'Campaigns', webhook_url: n8n.webhookUrl('campaigns') })
  const body = JSON.stringify({ type: 'approval.requested', n8n_execution_id: '41', resume_url: n8n.webhookUrl('webhook-waiting/41'), approval_type: 'email_send', title: 'Send 40 emails' })
  const response = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, { method: 'POST', body, headers: { ...json, ...sign.hmac(body, SECRET) } })
  const { queued } = (await response.json()) as { queued: number }
  await expect.poll(async () => (await adminCall<{ total: number }>(serve, 'GET', '/api/v1/approvals?status=pending')).total).toBe(1)
  const approval = (await adminCall<{ items: { id: number }[] }>(serve, 'GET', '/api/v1/approvals?status=pending')).items[0]!

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/approvals/${approval.id}`)
  await page.getByTestId('approval-webhook').click()
  await expect(page.getByTestId('queue-detail')).toContainText(`Webhook #${queued}`)
  await expect(page.getByTestId('webhook-led-to')).toContainText(`Asked for approval #${approval.id}`)
  await page.getByTestId('webhook-led-to').getByRole('button', { name: `approval #${approval.id}` }).click()
  await expect(page.getByTestId('approval-detail')).toContainText('Send 40 emails')
})
