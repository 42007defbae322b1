import { expect, test } from '@playwright/test'
import { E2E_TOKEN as TOKEN, adminCall } from '../helpers/built-serve'
import { FakeN8n } from '../helpers/fake-n8n'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'
import { json, sign } from '../helpers/sign'
import { approvalsExpiringWithin, standingFailuresToday } from '../../src/shared/list-links'

const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
let serve: ServeProcess
// No automatic retries: n8n's first refusal fails an execution for good.
builtServePerFile(() => ({ N8N_WEBHOOK_SECRET: SECRET, WORKFLOW_MAX_RETRIES: '0' }), [n8n], (started) => (serve = started))

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const admin = <T>(method: string, path: string, body?: unknown) => adminCall<T>(serve, method, path, body)

async function n8nAsks(workflowId: number, n8nExecutionId: string, expiresInHours: number): Promise<void> {
  const body = JSON.stringify({
    type: 'approval.requested',
    n8n_execution_id: n8nExecutionId,
    resume_url: n8n.webhookUrl(`webhook-waiting/${n8nExecutionId}`),
    approval_type: 'email_send',
    title: `Send campaign ${n8nExecutionId}`,
    expires_in_hours: expiresInHours,
  })
  const response = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', body, headers: { ...json, ...sign.hmac(body, SECRET) } })
  expect(response.status).toBe(202)
}

test("a list's address opens that list filtered, as the tray's lines and the dashboard's links do", async ({ page }) => {
  const workflow = await admin<{ id: number }>('POST', '/api/v1/workflows', { workflow_name: 'Weekly digest', webhook_url: n8n.webhookUrl('digest') })
  n8n.mode = 'unavailable'
  const ids = [] as number[]
  for (let i = 0; i < 2; i++) ids.push((await admin<{ id: number }>('POST', `/api/v1/workflows/${workflow.id}/trigger`)).id)
  await expect.poll(async () => (await Promise.all(ids.map((id) => admin<{ status: string }>('GET', `/api/v1/executions/${id}`)))).map((e) => e.status)).toEqual(['failed', 'failed'])
  await n8nAsks(workflow.id, '71', 0.1)
  await n8nAsks(workflow.id, '72', 48)
  await expect.poll(async () => (await admin<{ total: number }>('GET', '/api/v1/approvals?status=pending')).total).toBe(2)

  // Opened (or bookmarked) at a list's address: that list, filtered as the address says.
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}${standingFailuresToday}`)
  await expect(page.getByTestId('executions-count')).toHaveText('2 executions not retried yet')
  await expect(page.getByLabel('Status')).toHaveValue('failed')
  await expect(page).toHaveURL(new RegExp(`${escape(standingFailuresToday)}$`))

  // The address follows the filter as it changes, so a reload shows the same list.
  await page.getByRole('button', { name: 'Show all' }).click()
  await expect(page.getByTestId('executions-count')).toHaveText('2 executions')
  await expect(page).toHaveURL(/#\/executions\?status=failed&period=today$/)
  await page.getByLabel('Status').selectOption('completed')
  await expect(page).toHaveURL(/#\/executions\?status=completed&period=today$/)
  await page.reload()
  await expect(page.getByLabel('Status')).toHaveValue('completed')
  await expect(page.getByTestId('executions-count')).toHaveText('0 executions')
  // A record open has its own address; back on the list, the list's comes back.
  await page.getByLabel('Status').selectOption('failed')
  await page.getByTestId(`execution-row-${ids[0]}`).click()
  await expect(page).toHaveURL(new RegExp(`#/executions/${ids[0]}$`))
  await page.goBack()
  await expect(page).toHaveURL(/#\/executions\?status=failed&period=today$/)

  // The tray's line for approvals about to expire: its filter shows as a choice of the Expiry list.
  await page.evaluate((hash) => (location.hash = hash), approvalsExpiringWithin(15))
  await expect(page.getByTestId('approvals-count')).toContainText('1 pending approval')
  await expect(page.getByLabel('Expiry')).toHaveValue('15')
  await expect(page.getByLabel('Expiry').locator('option:checked')).toHaveText('Expiring within 15 min')
  await expect(page.locator('.row-title')).toHaveText(['Send campaign 71'])

  await expect(page).toHaveURL(/#\/approvals\?status=pending&expiring_within_minutes=15$/)

  // An address whose filter a list does not take opens the list as it was, and says so again.
  await page.evaluate(() => (location.hash = '#/executions?status=exploded&period=today'))
  await expect(page).toHaveURL(/#\/executions\?status=failed&period=today$/)
  await expect(page.getByTestId('executions-count')).toHaveText('2 executions')
  await page.evaluate(() => (location.hash = '#/approvals?expiring_within_minutes=0'))
  await expect(page).toHaveURL(/#\/approvals\?status=pending&expiring_within_minutes=15$/)
  await expect(page.getByLabel('Expiry')).toHaveValue('15')

  // The activity log too: the operator's own actions, a severity chosen there before cleared.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Monitoring' }).click()
  await page.getByLabel('Severity').selectOption('error')
  await expect(page).toHaveURL(/#\/monitoring\?severity=error$/)
  await page.evaluate(() => (location.hash = '#/monitoring?event_type=operator_action'))
  await expect(page.getByLabel('Events shown')).toHaveValue('actions')
  await expect(page.getByLabel('Severity')).toHaveValue('')
  await expect(page.getByRole('heading', { name: 'Operator actions' })).toBeVisible()
  await expect(page).toHaveURL(/#\/monitoring\?event_type=operator_action$/)
})
