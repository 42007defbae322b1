import { expect, test, type Locator } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, adminCall } from '../helpers/built-serve'
import { FakeAlertService } from '../helpers/fake-alert-service'
import { FakeN8n } from '../helpers/fake-n8n'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'

const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
const alertService = new FakeAlertService()
let serve: ServeProcess
builtServePerFile(() => ({ N8N_WEBHOOK_SECRET: SECRET, APPROVAL_UNDO_SECONDS: '0' }), [n8n, alertService], (started) => (serve = started))

const admin = <T = { id: number }>(method: string, path: string, body?: unknown) => adminCall<T>(serve, method, path, body)

/** n8n asks for an approval with this lead, and the operator decides it: its id. */
async function decided(workflowId: number, n8nId: string, lead: object, decision: 'approve' | 'reject'): Promise<number> {
  await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflowId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET },
    body: JSON.stringify({ type: 'approval.requested', n8n_execution_id: n8nId, resume_url: n8n.resumeUrl(n8nId), approval_type: 'email_send', title: `Mail lead ${n8nId}`, data: { email_verified: true, ...lead } }),
  })
  let id: number | undefined
  await expect.poll(async () => (id = (await admin<{ items: { id: number }[] }>('GET', `/api/v1/approvals?status=pending&search=${n8nId}`)).items[0]?.id)).toBeDefined()
  await admin('POST', `/api/v1/approvals/${id}/${decision}`, { approver_name: 'e2e' })
  return id!
}

/** A row of the trial's table: its two figures, in force and as edited. */
const figures = (trial: Locator, label: string) => trial.getByRole('row', { name: label }).getByRole('cell').filter({ hasText: /^\d+$/ })

test('auto-approval rules are edited as a table and tried on past decisions before they are saved', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Campaign sender', webhook_url: n8n.webhookUrl('campaign'), auto_approval_enabled: true })
  await decided(workflow.id, '7001', { lead_score: 75 }, 'approve')
  const risky = await decided(workflow.id, '7002', { lead_score: 76 }, 'reject')
  await decided(workflow.id, '7003', { lead_score: 50 }, 'reject')

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/settings`)
  const card = page.getByTestId('settings-auto-rules')
  const table = card.getByTestId('auto-rules')
  await expect(table.getByRole('row')).toHaveCount(3)
  await expect(table.getByRole('spinbutton', { name: 'default: Approve from lead score' })).toHaveValue('80')

  const trial = card.getByTestId('rules-trial')
  await trial.getByRole('button', { name: 'Try on past decisions' }).click()
  await expect(trial).toContainText('Your last 3 decisions (1 approved, 2 rejected')
  await expect(figures(trial, 'The model could approve')).toHaveText(['0', '0'])
  await expect(figures(trial, 'Left to you: lead score below the minimum to approve')).toHaveText(['2', '2'])
  await expect(figures(trial, 'Left to you: lead score below the minimum to ask the model')).toHaveText(['1', '1'])

  // Approving from 70: both 75 and 76 could go — and the 76 was one the operator rejected.
  await table.getByRole('spinbutton', { name: 'default: Approve from lead score' }).fill('70')
  await trial.getByRole('button', { name: 'Try on past decisions' }).click()
  await expect(figures(trial, 'The model could approve')).toHaveText(['0', '2'])
  await expect(figures(trial, '… of which you had rejected')).toHaveText(['0', '1'])
  await expect(trial.getByTestId('rules-trial-risk').getByRole('button')).toHaveText([`#${risky}`])

  // Rules of its own for email_send override the default's: back to none.
  await card.getByRole('textbox', { name: 'New approval type' }).fill('email_send')
  await card.getByRole('button', { name: 'Add type' }).click()
  await expect(table.getByRole('spinbutton', { name: 'email_send: Approve from lead score' })).toHaveValue('70')
  await table.getByRole('spinbutton', { name: 'email_send: Approve from lead score' }).fill('90')
  await trial.getByRole('button', { name: 'Try on past decisions' }).click()
  await expect(figures(trial, 'The model could approve')).toHaveText(['0', '0'])
  await page.screenshot({ path: test.info().outputPath('auto-rules.png'), fullPage: true })
  expect(await accessibilityViolations(page, 'settings with the rules table and a trial')).toEqual([])

  // A blank limit is named by the trial, not guessed.
  await table.getByRole('spinbutton', { name: 'email_send: Recipients at most' }).fill('')
  await trial.getByRole('button', { name: 'Try on past decisions' }).click()
  await expect(trial.getByRole('alert')).toContainText('max_recipients')

  await table.getByRole('button', { name: 'Remove the rules of email_send' }).click()
  // A blocked phrase, tried as typed: the rejected request mentions it, so it is no longer at risk.
  const words = card.getByRole('textbox', { name: /Never ask the model when a request mentions/ })
  await words.fill('Lead 7002, contract')
  await trial.getByRole('button', { name: 'Try on past decisions' }).click()
  await expect(figures(trial, 'The model could approve')).toHaveText(['0', '1'])
  await expect(figures(trial, '… of which you had rejected')).toHaveText(['0', '0'])
  await expect(figures(trial, 'Left to you: a blocked word or phrase')).toHaveText(['0', '1'])
  await words.fill('')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card).toContainText('Saved')
  const settings = await admin<{ result: { entries: { key: string; value: string }[] } }>('POST', '/api/v1/rpc/settings.get', {})
  const saved = JSON.parse(settings.result.entries.find((entry) => entry.key === 'AUTO_APPROVAL_RULES')!.value) as Record<string, { min_lead_score_to_approve: number }>
  expect(Object.keys(saved).sort()).toEqual(['default', 'video_create'])
  expect(saved.default!.min_lead_score_to_approve).toBe(70)

  // The rejected request the rules would now risk opens from the trial.
  await trial.getByRole('button', { name: 'Try on past decisions' }).click()
  await expect(figures(trial, 'The model could approve')).toHaveText(['2', '2'])
  await trial.getByTestId('rules-trial-risk').getByRole('button', { name: `#${risky}` }).click()
  await expect(page.getByTestId('approval-detail')).toContainText('Mail lead 7002')
})

test('Settings says what takes the database’s space, kind by kind, and what the last clean-up removed', async ({ page }) => {
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/settings`)
  const storage = page.getByTestId('settings-logs').getByTestId('storage')
  await storage.getByRole('button', { name: 'What takes the space' }).click()
  await expect(storage).toContainText(/The database takes \d/)
  const table = storage.getByRole('table')
  await expect(table.getByRole('row')).toHaveCount(7)
  // The approvals the other test decided are counted.
  const approvals = await admin<{ total: number }>('GET', '/api/v1/approvals?page_size=1')
  await expect(table.getByRole('row', { name: /^Approvals/ }).getByRole('cell').last()).toHaveText(String(approvals.total))
  await expect(storage.getByTestId('last-cleanup')).toContainText(/The last clean-up \(.+\) removed no events, no webhooks, no calls and no executions; the next is in \d+ (min|h)/)
  await storage.screenshot({ path: test.info().outputPath('storage.png') })
  expect(await accessibilityViolations(page, 'settings with the storage measured')).toEqual([])
})

test('alerts go to a phone or a chat: the address is saved as a secret and a test alert arrives in the service\'s shape', async ({ page }) => {
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/settings`)
  const card = page.getByTestId('settings-alerts')
  await card.getByRole('button', { name: 'Send a test alert' }).click()
  await expect(card.getByTestId('alert-check')).toHaveText('No alert address is set (FLOWGATE_ALERT_URL)')

  await card.getByLabel(/^Send alerts to/).fill(alertService.url('/services/T0/B0/e2e-token'))
  await card.getByRole('combobox', { name: 'Written for' }).selectOption('slack')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card).toContainText('Saved')
  await expect(card.getByLabel(/^Send alerts to/)).toHaveValue('')
  await expect(card.getByLabel(/^Send alerts to/)).toHaveAttribute('placeholder', /set; type to replace/)

  await card.getByRole('button', { name: 'Send a test alert' }).click()
  await expect(card.getByTestId('alert-check')).toHaveText('The test alert was accepted')
  expect(alertService.received.at(-1)).toMatchObject({ path: '/services/T0/B0/e2e-token', body: { text: expect.stringMatching(/^\*Flowgate: a test alert\*/) } })

  const quietHours = card.getByLabel(/^Quiet hours/)
  await quietHours.fill('25-6')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card.getByRole('alert')).toContainText('FLOWGATE_ALERT_QUIET_HOURS="25-6": must be two times of day like 22:00-07:00 (or 22-7)')
  await quietHours.fill('23 - 6')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(card).toContainText('Saved')
  await expect(quietHours).toHaveValue('23:00-06:00')

  // From anywhere: Find anything sends one, and Settings shows what came of it.
  const sentBefore = alertService.received.length
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboard' }).click()
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: /Find a screen/ }).fill('test alert')
  await expect(page.getByTestId('find-anything').getByRole('option').first()).toHaveText(/^Send a test alert/)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible()
  await expect(card.getByTestId('alert-check')).toHaveText('The test alert was accepted')
  expect(alertService.received).toHaveLength(sentBefore + 1)
  expect(await accessibilityViolations(page, 'settings with alerts')).toEqual([])
})

