import { expect, test, type Page } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import { seededServe } from '../helpers/seeded-serve'

// 200 executions (every tenth failed, "SMTP 550: mailbox <id> unavailable"; n8n ids 1000001…; input lead<id>@example.com),
// 50 approvals ("Approval <id>"), 30 kept webhooks (a lead each, lead<id>@example.com).
const serve = seededServe({ events: 500, executions: 200, approvals: 50, webhooks: 30 })

const find = async (page: Page, query: string) => {
  // The last one chosen closes its dialog first: until then Ctrl+K is the dialog's own key.
  await expect(page.getByTestId('find-anything')).toBeHidden()
  await page.keyboard.press('Control+k')
  const box = page.getByRole('combobox', { name: /Find a screen/ })
  await expect(box).toBeFocused()
  await box.fill(query)
  return page.getByTestId('find-anything')
}

test('Ctrl+K finds a record by its number, an n8n id, words of an error or a lead, and a screen by name', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}`)
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  let dialog = await find(page, '#7')
  await expect(dialog.getByRole('option')).toHaveText([/^Execution #7 · Bench workflow/, /^Approval #7 · Approval 7/, /^Webhook #7 · trigger/])
  expect(await accessibilityViolations(page, 'find anything')).toEqual([])
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('execution-detail')).toContainText('Execution #7')

  dialog = await find(page, '1000042')
  await expect(dialog.getByRole('option').first()).toContainText('Execution #42 · Bench workflowcompleted · n8n 1000042')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('execution-detail')).toContainText('Execution #42')

  dialog = await find(page, 'SMTP 550')
  await expect(dialog.getByRole('option', { name: 'All 20 executions matching "SMTP 550"' })).toBeVisible()
  await dialog.getByRole('option', { name: 'All 20 executions matching "SMTP 550"' }).click()
  await expect(page.getByTestId('executions-count')).toHaveText('20 matching executions')
  await expect(page.getByRole('searchbox', { name: 'Search executions' })).toHaveValue('SMTP 550')

  // A lead's address finds the execution it started and the webhook that brought it.
  dialog = await find(page, 'lead12@example.com')
  await expect(dialog.getByRole('option')).toHaveText([/^Execution #12 · Bench workflow/, /^Webhook #12 · trigger/, 'Search the activity log for "lead12@example.com"'])
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/queue\/12$/)
  await expect(page.getByTestId('queue-detail')).toContainText('Webhook #12')

  dialog = await find(page, 'monit')
  await page.keyboard.press('ArrowDown')
  await expect(dialog.getByRole('option', { selected: true })).toHaveText('Search the activity log for "monit"')
  await page.keyboard.press('ArrowUp')
  await expect(dialog.getByRole('option', { selected: true })).toHaveText('MonitoringScreen')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Monitoring' })).toBeVisible()

  // Escape closes it, and the screen's own keys are back.
  dialog = await find(page, 'anything')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  // Focus leaves the box it typed in a moment after the dialog hides; keys typed there are text.
  await expect(page.locator('input:focus, textarea:focus')).toHaveCount(0)
  await page.keyboard.press('?')
  await expect(page.getByTestId('shortcuts-help')).toContainText('Find anything')
})

test('Ctrl+K runs commands: pause and resume calls to n8n, back up now, open what failed', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}`)
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  let dialog = await find(page, 'pause')
  await expect(dialog.getByRole('option')).toHaveText(['Pause calls to n8nCommand', 'Search the activity log for "pause"'])
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('paused-banner')).toContainText('Calls to n8n are paused')
  // Paused, the box offers the opposite.
  dialog = await find(page, 'pause')
  await expect(dialog.getByRole('option').first()).toHaveText('Resume calls to n8nCommand')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('paused-banner')).toHaveCount(0)

  dialog = await find(page, 'back up')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await expect(page.getByTestId('backup-result')).toContainText('Backed up')

  dialog = await find(page, 'failed')
  await expect(dialog.getByRole('option', { name: 'Failed executions' })).toBeVisible()
  await dialog.getByRole('option', { name: 'Failed executions' }).click()
  await expect(page.getByTestId('executions-count')).toHaveText('20 executions')
  await expect(page.getByLabel('Status')).toHaveValue('failed')
  // The same address as the list opened any other way: a reload or a bookmark shows it again.
  await expect(page).toHaveURL(/#\/executions\?status=failed$/)

  dialog = await find(page, 'cron')
  await dialog.getByRole('option', { name: 'Runs that failed in n8n on their own' }).click()
  await expect(page.getByRole('heading', { name: 'Monitoring' })).toBeVisible()
  await expect(page.getByRole('searchbox', { name: 'Search events' })).toHaveValue('n8n_run_failed')
  await expect(page).toHaveURL(/#\/monitoring\?search=n8n_run_failed$/)

  await find(page, 'shortcuts')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('shortcuts-help')).toBeVisible()
})
