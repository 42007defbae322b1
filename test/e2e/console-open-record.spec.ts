import { expect, test } from '@playwright/test'
import { adminCall, E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import { seededServe } from '../helpers/seeded-serve'

// Approvals "Approval <id>": pending when id % 10 < 3; high priority when id % 5 = 0, low when 1.
const serve = seededServe({ events: 100, executions: 20, approvals: 30 })

test('an approval opened by its link, outside the inbox filter, shows a decision made elsewhere as it happens', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/approvals`)
  await page.getByLabel('Priority').selectOption('low')
  await expect(page.getByTestId('approvals-count')).toContainText('pending approval')
  // Approval 10 is pending and high: not in the low-priority inbox, read by itself.
  await page.goto(`${serve().line.admin}/#/approvals/10`)
  const detail = page.getByTestId('approval-detail')
  await expect(detail).toContainText('Approval 10')
  await expect(detail.getByRole('button', { name: /^Approve/ })).toBeEnabled()

  await adminCall(serve(), 'POST', '/api/v1/approvals/10/reject', { approver_name: 'tray-user', reason: 'Not this week' })
  await expect(detail).toContainText('tray-user')
  await expect(detail.getByRole('button', { name: /^Approve/ })).toHaveCount(0)
})
