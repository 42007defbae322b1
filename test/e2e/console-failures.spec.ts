import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, adminCall } from '../helpers/built-serve'
import { FakeN8n } from '../helpers/fake-n8n'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'

const n8n = new FakeN8n()
let serve: ServeProcess
// No automatic retries: n8n's first refusal fails an execution for good.
builtServePerFile(() => ({ N8N_WEBHOOK_SECRET: 'e2e-webhook-secret-0123456789', WORKFLOW_MAX_RETRIES: '0' }), [n8n], (started) => (serve = started))

const admin = (method: string, path: string, body?: unknown) => adminCall<{ id: number; status: string }>(serve, method, path, body)

test('failures that need no retry are dismissed one by one or all shown, leave Needs attention, and can be brought back', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Weekly digest', webhook_url: n8n.webhookUrl('digest') })
  n8n.mode = 'unavailable'
  const ids = [] as number[]
  for (let i = 0; i < 3; i++) ids.push((await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`)).id)
  await expect.poll(async () => (await Promise.all(ids.map((id) => admin('GET', `/api/v1/executions/${id}`)))).map((e) => e.status)).toEqual(['failed', 'failed', 'failed'])
  const [first, second] = ids as [number, number, number]

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}`)
  await page.getByTestId('attention-failed-today').click()
  await expect(page.getByTestId('executions-count')).toHaveText('3 executions not retried yet')

  // From its page, with the button…
  await page.getByTestId(`execution-row-${first}`).click()
  await page.getByTestId('execution-dismiss').click()
  await expect(page.getByTestId('execution-dismissed')).toContainText('as needing no retry')
  await expect(page.getByTestId('executions-count')).toHaveText('2 executions not retried yet')
  await expect(page.getByTestId(`execution-row-${first}`)).toHaveCount(0)
  // …or with its key.
  await page.getByTestId(`execution-row-${second}`).click()
  await expect(page.getByTestId('execution-detail')).toContainText(`Execution #${second}`)
  await page.keyboard.press('d')
  await expect(page.getByTestId('execution-dismissed')).toBeVisible()
  await expect(page.getByTestId('executions-count')).toHaveText('1 execution not retried yet')

  // The rest, all shown at once.
  await page.getByRole('button', { name: 'Dismiss all shown…' }).click()
  await expect(page.getByTestId('dismiss-shown-confirm')).toContainText('Dismiss the 1 failed execution shown as needing no retry?')
  expect(await accessibilityViolations(page, 'executions, dismissing those shown')).toEqual([])
  await page.getByRole('button', { name: 'Dismiss them' }).click()
  await expect(page.getByTestId('dismiss-shown-result')).toHaveText('Dismissed 1 execution')
  await expect(page.getByText('Nothing left to retry')).toBeVisible()

  // Those dismissed are a click away, and exported as listed.
  await page.getByRole('button', { name: 'Show the dismissed ones' }).click()
  await expect(page.getByTestId('executions-count')).toHaveText('3 executions dismissed')
  await expect(page.getByTestId('dismiss-shown')).toHaveCount(0)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const exported = parse(fs.readFileSync((await download.path())!), { columns: true, bom: true }) as Record<string, string>[]
  expect(exported.map((row) => Number(row.id)).sort()).toEqual([...ids].sort())
  expect(exported.every((row) => row.dismissed_at !== '')).toBe(true)

  // Still failed in the list of all, said as dismissed; Needs attention has nothing to say of them.
  await page.getByRole('button', { name: 'Show all' }).click()
  await expect(page.getByTestId(`execution-row-${first}`)).toContainText('dismissed')
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}`)
  await expect(page.getByTestId('needs-attention')).toBeVisible()
  await expect(page.getByTestId('attention-failed-today')).toHaveCount(0)

  // Brought back from its page, it stands again.
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions/${first}`)
  await page.getByTestId('execution-dismissed').getByRole('button', { name: 'Bring it back' }).click()
  await expect(page.getByTestId('execution-dismiss')).toBeVisible()
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}`)
  await expect(page.getByTestId('attention-failed-today')).toHaveText('1 execution failed today, not retried yet')
})

test('a failure already retried points to the attempt that retried it, and is neither retried nor dismissed again', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Invoice run', webhook_url: n8n.webhookUrl('invoices') })
  n8n.mode = 'unavailable'
  const failed = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`)
  await expect.poll(async () => (await admin('GET', `/api/v1/executions/${failed.id}`)).status).toBe('failed')
  n8n.mode = 'started'

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions/${failed.id}`)
  await page.getByTestId('execution-detail').getByRole('button', { name: 'Retry (r)' }).click()
  // The retry opens; the attempt it retried names it, with its status as it goes.
  const retry = (await admin('GET', `/api/v1/executions?workflow_id=${workflow.id}`)) as unknown as { items: { id: number }[] }
  const retryId = retry.items[0]!.id
  await expect(page.getByTestId('execution-detail')).toContainText(`Execution #${retryId}`)
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions/${failed.id}`)
  await expect(page.getByTestId('execution-retried-as')).toContainText(`Retried as #${retryId}`)
  await expect.poll(async () => (await admin('GET', `/api/v1/executions/${retryId}`)).status).toBe('running')
  await page.reload()
  await expect(page.getByTestId('execution-retried-as')).toHaveText(`Retried as #${retryId} running: that attempt is the one to look at.`)
  await expect(page.getByTestId('execution-detail').getByRole('button', { name: 'Retry (r)' })).toBeDisabled()
  await expect(page.getByTestId('execution-dismiss')).toHaveCount(0)
  expect(await accessibilityViolations(page, 'a retried execution')).toEqual([])
  await page.getByTestId('execution-retried-as').getByRole('button', { name: `#${retryId}` }).click()
  await expect(page.getByTestId('execution-detail')).toContainText(`Execution #${retryId}`)
  await expect(page.getByTestId('execution-detail')).toContainText(`retry of #${failed.id}`)
})
