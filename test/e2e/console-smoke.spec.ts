import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'

let serve: ServeProcess
builtServePerFile(() => ({}), [], (started) => (serve = started))

test('the web console loads over HTTP and shows the health the core reports', async ({ page }) => {
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}`)
  await expect(page).toHaveURL(`${serve.line.admin}/`)
  await expect(page.getByRole('heading', { name: 'Flowgate' })).toBeVisible()
  // The machine's free disk space can make the whole report "degraded"; the core's own parts must be ok.
  await expect(page.getByTestId('core-status')).toHaveText(/^(All systems ok|Degraded: 1 check failing)$/)
  await expect(page.getByTestId('check-scheduler')).toContainText('ok')
  await expect(page.getByTestId('check-database')).toContainText('SQLite answers')
  await expect(page.getByTestId('check-publicListener')).toContainText(serve.line.public)
  await expect(page.getByTestId('health-meta')).toContainText('data in')
  // A fresh install: the dashboard leads with the Get started checklist.
  await expect(page.getByTestId('get-started')).toBeVisible()
  expect(await accessibilityViolations(page, 'fresh dashboard')).toEqual([])
  await page.screenshot({ path: test.info().outputPath('console-shell.png') })
  expect(consoleErrors).toEqual([])
})

test('without signing in, the console asks for the token, and the token signs in', async ({ page }) => {
  await page.goto(`${serve.line.admin}/`)
  await expect(page.getByTestId('core-status')).toHaveText('Core unreachable')
  await expect(page.getByRole('alert')).toContainText('open the console link that `serve` printed, or enter the token')
  await page.getByLabel('Admin token').fill('wrong-token-0123456789')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText(/^That token is not valid/)
  await page.getByLabel('Admin token').fill(TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
})

test('a webhook secret is generated and shown once; rotating it asks first and keeps the old one for the time chosen', async ({ page }) => {
  const sendWith = (secret: string) =>
    fetch(`${serve.line.public}/api/v1/webhooks/n8n/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-n8n-signature': secret },
      body: JSON.stringify({ event: 'smoke', data: {} }),
    }).then((response) => response.status)
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}`)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click()
  const panel = page.getByTestId('settings-secret')
  await expect(panel).toContainText('No secret: the public listener refuses every webhook until one is set.')
  await panel.getByRole('button', { name: 'Generate secret' }).click()
  const first = (await panel.getByTestId('new-secret').locator('code').textContent())!
  expect(first).toMatch(/^[0-9a-f]{64}$/)
  expect(await sendWith(first)).toBe(202)
  await expect(panel.getByTestId('previous-secret')).toHaveCount(0)

  await panel.getByRole('button', { name: 'Rotate secret' }).click()
  const confirm = panel.getByTestId('rotate-confirm')
  await expect(confirm).toContainText('then it stops working in both directions')
  await expect(confirm.getByLabel('Keep accepting the current secret for')).toHaveValue('24')
  await page.screenshot({ path: test.info().outputPath('rotate-confirm.png') })
  expect(await accessibilityViolations(page, 'rotate confirmation')).toEqual([])
  await panel.getByRole('button', { name: 'Keep the current secret' }).click()
  await expect(confirm).toHaveCount(0)
  expect(await sendWith(first)).toBe(202)

  // Rotated with the default grace: both work, and the panel says until when the old one does.
  await panel.getByRole('button', { name: 'Rotate secret' }).click()
  await panel.getByRole('button', { name: 'Rotate now' }).click()
  await expect(panel.getByTestId('new-secret').locator('code')).not.toHaveText(first)
  const second = (await panel.getByTestId('new-secret').locator('code').textContent())!
  expect(second).toMatch(/^[0-9a-f]{64}$/)
  expect(await sendWith(second)).toBe(202)
  expect(await sendWith(first)).toBe(202)
  await expect(panel.getByTestId('previous-secret')).toContainText('The previous secret is still accepted until')
  await expect(panel.getByTestId('previous-secret')).toContainText('(in 1 d)')
  // n8n still signing with the old one is pointed out on the dashboard, and leads to those calls.
  const lastUsed = async () => {
    const response = await fetch(`${serve.line.admin}/api/v1/monitoring/dashboard`, { headers: { authorization: `Bearer ${TOKEN}` } })
    return ((await response.json()) as { previous_secret: { last_used_at: number | null } | null }).previous_secret?.last_used_at ?? null
  }
  await expect.poll(lastUsed).not.toBeNull()
  await page.goto(`${serve.line.admin}/#/dashboard`)
  await page.getByTestId('attention-old-secret').click()
  await expect(page.getByLabel('Search events')).toHaveValue('previous_secret_used')
  await expect(page.getByTestId('events-table')).toContainText('n8n signed with the previous webhook secret')
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click()
  await panel.getByRole('button', { name: 'Stop accepting it now' }).click()
  await expect(panel.getByTestId('previous-secret')).toHaveCount(0)
  expect(await sendWith(first)).toBe(401)

  // Refused at once, when that is what is chosen (a secret that leaked).
  await panel.getByRole('button', { name: 'Rotate secret' }).click()
  await confirm.getByLabel('Keep accepting the current secret for').selectOption({ label: 'not at all: refuse it at once' })
  await panel.getByRole('button', { name: 'Rotate now' }).click()
  await expect(panel.getByTestId('new-secret').locator('code')).not.toHaveText(second)
  const third = (await panel.getByTestId('new-secret').locator('code').textContent())!
  expect(await sendWith(second)).toBe(401)
  expect(await sendWith(third)).toBe(202)
  await expect(panel.getByTestId('previous-secret')).toHaveCount(0)
})
