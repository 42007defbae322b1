import { expect, test, type Page } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import { seededServe } from '../helpers/seeded-serve'

// Dead letters too, so the queue shows rows with their tick boxes, and a workflow secret sealed
// by another machine's keychain, so its page shows that warning.
const serve = seededServe({ events: 60, executions: 500, approvals: 200 }, (sqlite) => {
  sqlite
    .prepare(
      `insert into webhook_queue (kind, webhook_payload, status, last_error, retry_count, received_at, created_at, updated_at)
       values ('generic_event', '{"event":"lead.created","data":{}}', 'failed', 'handler threw: boom', 3, @now, @now, @now)`,
    )
    .run({ now: Date.now() })
  sqlite.prepare("update n8n_workflows set webhook_secret = 'os-keychain:c2VhbGVk' where id = 1").run()
})

/** Each screen as the operator sees it after opening its first row. */
const views: { name: string; hash: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'dashboard', hash: 'dashboard', ready: (page) => expect(page.getByTestId('card-pending')).toContainText('60') },
  { name: 'approvals', hash: 'approvals', ready: (page) => expect(page.getByTestId('approval-detail')).toBeVisible() },
  { name: 'execution', hash: 'executions/500', ready: (page) => expect(page.getByTestId('execution-detail')).toContainText('Execution #500') },
  { name: 'workflow', hash: 'workflows', ready: async (page) => (await page.getByTestId('workflow-row-1').click(), await expect(page.getByTestId('secret-unreadable')).toContainText('the global secret applies')) },
  { name: 'new workflow', hash: 'workflows', ready: async (page) => (await page.getByRole('button', { name: 'New workflow' }).click(), await expect(page.getByRole('button', { name: 'Create' })).toBeVisible()) },
  { name: 'queue', hash: 'queue', ready: async (page) => (await page.getByTestId('queue-row-1').click(), await expect(page.getByTestId('queue-detail')).toContainText('handler threw: boom')) },
  { name: 'monitoring', hash: 'monitoring', ready: (page) => expect(page.getByTestId('events-table')).toBeVisible() },
  { name: 'settings', hash: 'settings', ready: (page) => expect(page.getByRole('button', { name: 'Test connection' })).toBeVisible() },
]

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every screen, its detail open, passes axe's WCAG 2.1 AA checks (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${serve().line.admin}/`)
    await expect(page.getByLabel('Admin token')).toBeVisible()
    const found = await accessibilityViolations(page, 'sign-in')
    await page.goto(`${serve().line.admin}/login?token=${TOKEN}`)
    for (const view of views) {
      await page.goto(`${serve().line.admin}/#/${view.hash}`)
      await view.ready(page)
      found.push(...(await accessibilityViolations(page, view.name)))
    }
    await context.close()
    expect(found).toEqual([])
  })
}

test('lists work from the keyboard: arrows and Home/End open rows, Space ticks one for a bulk action', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/executions/500`)
  const executions = page.getByRole('listbox', { name: 'Executions' })
  await expect(page.getByTestId('execution-detail')).toContainText('Execution #500')
  // The list loads beside the detail: keys move from the open row once the list shows it.
  await expect(executions.getByRole('option', { selected: true })).toContainText('#500 ·')
  await executions.focus()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('execution-detail')).toContainText('Execution #499')
  const open = executions.getByRole('option', { selected: true })
  await expect(open).toContainText('#499 ·')
  await expect(executions).toHaveAttribute('aria-activedescendant', (await open.getAttribute('id'))!)
  await page.keyboard.press('End')
  await expect(page.getByTestId('execution-detail')).toContainText(/Execution #\d+/)
  await expect(page.getByTestId('execution-detail')).not.toContainText('Execution #499')
  await page.keyboard.press('Home')
  await expect(page.getByTestId('execution-detail')).toContainText('Execution #500')

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Webhook queue/ }).click()
  const queue = page.getByRole('listbox', { name: 'Queue items' })
  await expect(queue).toHaveAttribute('aria-multiselectable', 'true')
  await queue.focus()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('queue-detail')).toContainText('handler threw: boom')
  await page.keyboard.press(' ')
  await expect(page.getByRole('button', { name: 'Replay selected (1)' })).toBeEnabled()
  await expect(queue.getByRole('option', { selected: true })).toContainText('#1 ·')
  await page.keyboard.press(' ')
  await expect(page.getByRole('button', { name: 'Replay selected (0)' })).toBeDisabled()
})

test('in a narrow window rows keep to their height and the monitoring panels stack', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 900, height: 650 } })
  const page = await context.newPage()
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/approvals`)
  const rows = page.getByRole('listbox', { name: 'Approvals' }).locator('.row')
  await expect(rows.first()).toBeVisible()
  // Every row's content fits the row the virtual list reserved for it.
  const overflowing = await rows.evaluateAll((elements) => elements.filter((row) => row.scrollHeight > row.clientHeight + 1).length)
  expect(overflowing).toBe(0)

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Monitoring' }).click()
  const errors = await page.getByRole('heading', { name: /^Errors/ }).boundingBox()
  const events = await page.getByRole('heading', { name: /^Events/ }).boundingBox()
  expect(events!.y).toBeGreaterThan(errors!.y + 50)
  await context.close()
})

test('g then a letter goes to a screen, and ? lists the shortcuts in a dialog that holds the keys', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/approvals`)
  await expect(page.getByTestId('approval-detail')).toBeVisible()
  await expect(page.getByTestId('approvals-count')).toContainText('60 pending approvals')
  await page.keyboard.press('g')
  await page.keyboard.press('e')
  await expect(page.getByRole('heading', { name: 'Executions' })).toBeVisible()
  // g then a is the Approvals screen, not an approval.
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  await expect(page.getByTestId('approval-detail')).toBeVisible()
  await expect(page.getByTestId('inbox-notice')).toHaveCount(0)

  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help).toBeVisible()
  await expect(help).toContainText('Undo the last decision while its window lasts')
  expect(await accessibilityViolations(page, 'keyboard shortcuts')).toEqual([])
  // Behind the dialog, the inbox's keys do nothing.
  await page.keyboard.press('a')
  await page.keyboard.press('Escape')
  await expect(help).toHaveCount(0)
  await expect(page.getByTestId('inbox-notice')).toHaveCount(0)
  await expect(page.getByTestId('approvals-count')).toContainText('60 pending approvals')
})
