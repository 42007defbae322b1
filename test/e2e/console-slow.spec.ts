import { expect, test } from '@playwright/test'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import { seededServe } from '../helpers/seeded-serve'

const HOUR = 3_600_000

// "Mailer" ran in 30 s for days; its four runs of the last hours took over two minutes. "Reports" runs as it always did.
const mailerRunsAt: number[] = []
const serve = seededServe({ events: 0, executions: 0, approvals: 0 }, (sqlite) => {
  const now = Date.now()
  const add = sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values (?, '[]', ?, ?)")
  const mailer = add.run('Mailer', now - 400 * HOUR, now - 400 * HOUR).lastInsertRowid
  const reports = add.run('Reports', now - 400 * HOUR, now - 400 * HOUR).lastInsertRowid
  const run = sqlite.prepare(
    "insert into workflow_executions (workflow_id, status, duration_seconds, trigger_event, started_at, created_at, finished_at, updated_at) values (?, 'completed', ?, 'lead.created', ?, ?, ?, ?)",
  )
  const ran = (workflowId: number | bigint, hoursAgo: number, seconds: number) => {
    const at = now - hoursAgo * HOUR
    run.run(workflowId, seconds, at, at, at + seconds * 1000, at + seconds * 1000)
    if (workflowId === mailer) mailerRunsAt.push(at)
  }
  for (let day = 2; day < 14; day++) ran(mailer, day * 24, 30)
  for (const [hoursAgo, seconds] of [[4, 140], [3, 134], [2, 130], [1, 128]] as const) ran(mailer, hoursAgo, seconds)
  for (let day = 0; day < 14; day++) ran(reports, day * 24 + 1, 12)
})

test('a workflow running slower than usual needs attention, leads to its recent runs, and its page compares the two', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/dashboard`)
  const slow = page.getByTestId('attention-slow')
  await expect(slow).toHaveText('"Mailer" runs slower than usual: its last 4 runs took 2 min 12 s (median) against 30.0 s before')
  const glance = page.getByRole('region', { name: 'Workflows at a glance' })
  await expect(glance.getByRole('row').filter({ hasText: 'Mailer' })).toContainText('slower than usual')
  await expect(glance.getByRole('row').filter({ hasText: 'Reports' })).toContainText(/ok$/)
  await slow.click()

  await expect(page.getByRole('heading', { name: 'Executions' })).toBeVisible()
  await expect(page.getByTestId('executions-count')).toHaveText('4 executions')
  const rows = page.getByRole('listbox', { name: 'Executions' }).getByRole('option')
  await expect(rows.first()).toContainText('2 min 08 s')
  // The slowest first, to see how bad it got.
  await page.getByRole('combobox', { name: 'Order' }).selectOption('slowest')
  await expect(rows.first()).toContainText('2 min 20 s')
  await expect(rows).toHaveCount(4)
  // One run's page sets its time beside its workflow's usual.
  await rows.first().click()
  const took = page.getByTestId('execution-took')
  await expect(took).toHaveText('took 2 min 20 s, 4.7× its usual 30.0 s')
  await expect(took).toHaveClass('warning')
  await page.getByRole('combobox', { name: 'Order' }).selectOption('newest')
  await expect(rows.first()).toContainText('2 min 08 s')

  await page.goto(`${serve().line.admin}/#/workflows`)
  await expect(page.getByRole('option', { name: /Mailer/ })).toContainText('slower than usual')
  await expect(page.getByRole('option', { name: /Reports/ })).not.toContainText('slower than usual')
  await page.getByRole('option', { name: /Mailer/ }).click()
  const runTimes = page.getByTestId('workflow-detail').getByTestId('workflow-run-times')
  await expect(runTimes).toHaveText('lately 2 min 12 s (its last 4 runs) · usually 30.0 s (12 runs before) — slower than usual · show the slowest')
  await expect(runTimes).toHaveClass('warning')
  // Day by day, the average run time shows when it began.
  const chart = page.getByTestId('workflow-run-time-chart')
  await expect(chart).toContainText('Average run time per day')
  // A dot a day it ran: 13, or 14 when its last hours began before midnight.
  const daysRun = new Set(mailerRunsAt.map((at) => new Date(at).toDateString())).size
  await expect(chart.locator('.recharts-line-dot')).toHaveCount(daysRun)
  await chart.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('workflow-slower.png') })
  // Its slowest runs, one click away.
  await runTimes.getByRole('button', { name: 'show the slowest' }).click()
  await expect(page.getByRole('combobox', { name: 'Order' })).toHaveValue('slowest')
  await expect(page.getByRole('listbox', { name: 'Executions' }).getByRole('option').first()).toContainText('2 min 20 s')
  await page.goto(`${serve().line.admin}/#/workflows`)
  await page.getByRole('option', { name: /Reports/ }).click()
  await expect(runTimes).toHaveText('lately 12.0 s (its last run) · usually 12.0 s (13 runs before) · show the slowest')
  await expect(runTimes).not.toHaveClass('warning')
})
