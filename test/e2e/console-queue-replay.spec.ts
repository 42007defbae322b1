import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import { accessibilityViolations } from '../helpers/axe'
import { FakeN8n } from '../helpers/fake-n8n'
import { E2E_TOKEN as TOKEN, adminCall } from '../helpers/built-serve'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'

const SECRET = 'e2e-replay-secret-0123456789'
const n8n = new FakeN8n()
let serve: ServeProcess
builtServePerFile(() => ({ N8N_WEBHOOK_SECRET: SECRET, AUTO_APPROVAL_ENABLED: 'false' }), [n8n], (started) => (serve = started))

const admin = (method: string, path: string, body?: unknown) => adminCall(serve, method, path, body)

test('a callback that named the wrong execution is corrected in its body and replayed, keeping what n8n sent', async ({ page }) => {
  const workflow = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', webhook_url: n8n.webhookUrl('mailer') })).id as number
  const execution = (await admin('POST', `/api/v1/workflows/${workflow}/trigger`, {})).id as number
  await expect.poll(async () => (await admin('GET', `/api/v1/executions/${execution}`)).status).toBe('running')
  const body = JSON.stringify({ type: 'execution.completed', execution_id: 999, n8n_execution_id: '77', output: { sent: 12 } })
  const response = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body })
  const queued = ((await response.json()) as { queued: number }).queued
  await expect.poll(async () => (await admin('GET', `/api/v1/webhooks/queue/${queued}`)).status).toBe('failed')

  // The dashboard says for which workflow and why, and leads to it.
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/dashboard`)
  const deadLetters = page.getByTestId('attention-dead-letters')
  await expect(deadLetters).toHaveText(/^1 webhook for "Mailer" failed for good, the latest: .*999.*: look and replay$/)
  await deadLetters.click()
  await expect(page.getByRole('combobox', { name: 'Workflow' })).toHaveValue(String(workflow))
  await page.getByTestId(`queue-row-${queued}`).click()
  const detail = page.getByTestId('queue-detail')
  await detail.getByRole('button', { name: 'Change and replay…' }).click()
  const editor = detail.getByLabel('Body to replay')
  await editor.fill((await editor.inputValue()).replace('"execution_id": 999', `"execution_id": ${execution}`))
  await expect(detail.getByTestId('replay-check')).toHaveText('1 change: replaying handles the body as changed here')
  await expect(detail.getByTestId('replay-changes')).toHaveText(`execution_id: 999 → ${execution}`)
  expect(await accessibilityViolations(page, 'webhook body being corrected')).toEqual([])
  await detail.getByRole('button', { name: 'Replay with changes' }).click()
  await expect(page.getByTestId('queue-notice')).toHaveText(`Replayed with changes: item ${queued} is queued`)
  await expect(detail.getByTestId('replay-changed-list')).toHaveText(`execution_id: 999 → ${execution}`)
  await expect(detail.getByLabel('As n8n sent it')).toContainText('"execution_id": 999')

  await page.goto(`${serve.line.admin}/#/executions/${execution}`)
  await expect(page.getByTestId('execution-detail')).toContainText('completed')
})

test("a workflow's webhooks are listed from its page, and replaying the failed ones shown leaves other workflows' alone", async ({ page }) => {
  const mailer = 1
  const digest = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Digest', webhook_url: n8n.webhookUrl('digest') })).id as number
  const failing = async (workflow: number) => {
    const body = JSON.stringify({ type: 'execution.completed', execution_id: 424242, n8n_execution_id: '1' })
    const response = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body })
    const queued = ((await response.json()) as { queued: number }).queued
    await expect.poll(async () => (await admin('GET', `/api/v1/webhooks/queue/${queued}`)).status).toBe('failed')
    return queued
  }
  const mailerItem = await failing(mailer)
  const digestItem = await failing(digest)

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows/${mailer}`)
  await page.getByTestId('workflow-detail').getByRole('button', { name: 'Show webhooks' }).click()
  await expect(page.getByRole('combobox', { name: 'Workflow' })).toHaveValue(String(mailer))
  await expect(page.getByTestId(`queue-row-${mailerItem}`)).toBeVisible()
  await expect(page.getByTestId(`queue-row-${digestItem}`)).toHaveCount(0)
  // The export holds what the list shows: every webhook of this workflow, none of another's.
  const shown = (await admin('GET', `/api/v1/webhooks/queue?workflow_id=${mailer}&page_size=100`)).items as { id: number; status: string }[]
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(/^flowgate-webhooks-\d{4}-\d{2}-\d{2}\.csv$/)
  const exported = parse(fs.readFileSync((await download.path())!), { columns: true, bom: true }) as Record<string, string>[]
  expect(exported.map((row) => [Number(row.id), row.workflow, row.status])).toEqual(shown.map((item) => [item.id, 'Mailer', item.status]))
  expect(exported.map((row) => Number(row.id))).toContain(mailerItem)
  expect(exported.map((row) => Number(row.id))).not.toContain(digestItem)
  await expect(page.getByTestId('export-result')).toHaveText(`${shown.length} rows exported`)
  await page.getByRole('button', { name: 'Replay the failed ones shown' }).click()
  await expect(page.getByTestId('queue-notice')).toHaveText('Replayed: 1 item(s)')
  expect(((await admin('GET', `/api/v1/webhooks/queue/${mailerItem}`)).attempts as unknown[]).length).toBeGreaterThan(1)
  expect((await admin('GET', `/api/v1/webhooks/queue/${digestItem}`)).attempts).toHaveLength(1)
})

test('failed webhooks are gone through from the keyboard: j/k move, x ticks, e opens the body, r replays, w opens the workflow', async ({ page }) => {
  const workflow = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Keyboard', webhook_url: n8n.webhookUrl('keyboard') })).id as number
  const failing = async () => {
    const body = JSON.stringify({ type: 'execution.completed', execution_id: 525252, n8n_execution_id: '1' })
    const response = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body })
    const queued = ((await response.json()) as { queued: number }).queued
    await expect.poll(async () => (await admin('GET', `/api/v1/webhooks/queue/${queued}`)).status).toBe('failed')
    return queued
  }
  const items = [await failing(), await failing()]

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/queue?status=failed&workflowId=${workflow}`)
  await expect(page.getByTestId(`queue-row-${items[0]}`)).toBeVisible()
  const detail = page.getByTestId('queue-detail')
  const openId = async () => Number(/#\/queue\/(\d+)/.exec(await page.evaluate(() => location.hash))?.[1])
  await page.keyboard.press('j')
  const first = await openId()
  expect(items).toContain(first)
  await expect(detail).toContainText(`Webhook #${first}`)
  await page.keyboard.press('j')
  const second = await openId()
  expect(items.filter((id) => id !== first)).toEqual([second])
  await expect(detail).toContainText(`Webhook #${second}`)
  await page.keyboard.press('k')
  await expect(detail).toContainText(`Webhook #${first}`)

  await page.keyboard.press('x')
  await expect(page.getByRole('button', { name: 'Replay selected (1)' })).toBeEnabled()
  await page.keyboard.press('e')
  await expect(detail.getByLabel('Body to replay')).toBeVisible()
  // Typing in the body is typing, not shortcuts.
  await detail.getByLabel('Body to replay').press('r')
  await expect(page.getByTestId('queue-notice')).toHaveCount(0)
  await detail.getByLabel('Body to replay').blur()

  await page.keyboard.press('r')
  await expect(page.getByTestId('queue-notice')).toHaveText(`Replayed: item ${first} is queued`)
  await expect.poll(async () => ((await admin('GET', `/api/v1/webhooks/queue/${first}`)).attempts as unknown[]).length).toBeGreaterThan(1)
  expect((await admin('GET', `/api/v1/webhooks/queue/${second}`)).attempts).toHaveLength(1)

  await page.keyboard.press('w')
  await expect(page).toHaveURL(new RegExp(`#/workflows/${workflow}$`))
})
