import { expect, test } from '@playwright/test'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import { seededServe } from '../helpers/seeded-serve'

const HOUR = 3_600_000

// "Nightly sync" should be heard from daily; n8n last called 27 hours ago. "Weekly report" has no expectation.
const serve = seededServe({ events: 0, executions: 0, approvals: 0 }, (sqlite) => {
  const now = Date.now()
  const add = sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, expect_run_every_hours, created_at, updated_at) values (?, '[]', ?, ?, ?)")
  const nightly = add.run('Nightly sync', 24, now - 40 * HOUR, now - 40 * HOUR).lastInsertRowid
  add.run('Weekly report', null, now - 400 * HOUR, now - 400 * HOUR)
  sqlite
    .prepare("insert into webhook_queue (workflow_id, kind, webhook_payload, status, received_at, processed_at, created_at, updated_at) values (?, 'trigger', '{}', 'completed', ?, ?, ?, ?)")
    .run(nightly, now - 27 * HOUR, now - 27 * HOUR, now - 27 * HOUR, now - 27 * HOUR)
})

test('a workflow quieter than expected needs attention, leads to its page, and a longer expectation settles it', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/dashboard`)
  const quiet = page.getByTestId('attention-quiet')
  await expect(quiet).toHaveText(/^"Nightly sync" not heard from for 27 h 0\d min \(expected at least every 24 h\): is it still running in n8n\?$/)
  await quiet.click()

  const detail = page.getByTestId('workflow-detail')
  await expect(detail).toContainText('Nightly sync')
  await expect(detail.getByTestId('workflow-heard')).toContainText('expected at least every 24 h: quiet since')
  await expect(page.getByRole('option', { name: /Nightly sync/ })).toContainText('quieter than expected')
  await page.screenshot({ path: test.info().outputPath('workflow-quiet.png') })

  await detail.getByRole('button', { name: 'Edit' }).click()
  const form = page.getByRole('form', { name: 'Edit Nightly sync' })
  const expectation = form.getByLabel('Expect a run at least every (hours)')
  await expect(expectation).toHaveValue('24')
  await expectation.fill('0')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form).toContainText('must be at least 1 hour (empty for no expectation)')
  await expectation.fill('48')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(detail.getByTestId('workflow-heard')).toHaveText(/ago .*\) · expected at least every 48 h$/)
  await expect(page.getByRole('option', { name: /Nightly sync/ })).not.toContainText('quieter than expected')

  await page.goto(`${serve().line.admin}/#/dashboard`)
  await expect(page.getByTestId('needs-attention')).toContainText('Nothing needs you right now')
  // One with no expectation says so.
  await page.goto(`${serve().line.admin}/#/workflows`)
  await page.getByRole('option', { name: /Weekly report/ }).click()
  await expect(detail.getByTestId('workflow-heard')).toHaveText('never · no expectation set')
})
