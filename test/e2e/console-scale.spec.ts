/// <reference lib="dom" />
import { expect, test } from '@playwright/test'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import { seededServe } from '../helpers/seeded-serve'

const serve = seededServe({ events: 10_000, executions: 100_000, approvals: 100_000 })

test('100k approvals and executions: server-side pages, a bounded DOM, more rows as the list scrolls', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/approvals`)
  await expect(page.getByTestId('approvals-count')).toContainText('30000 pending approvals')
  // Spread over 30 days, about a quarter of them were requested in the last 7.
  await page.getByLabel('Requested').selectOption({ label: 'Requested: last 7 days' })
  await expect(page.getByTestId('approvals-count')).toContainText(/^(6|7)\d{3} pending approvals/)
  await page.getByLabel('Requested').selectOption({ label: 'Requested: any time' })
  await expect(page.getByTestId('approvals-count')).toContainText('30000 pending approvals')
  // Beside the open approval, how the ~33k requests of its kind were decided, the newest five listed.
  const precedents = page.getByTestId('precedents')
  await expect(precedents).toContainText(/Earlier (email_send|video_create|demo_deploy) requests of Bench workflow: \d+ approved · \d+ rejected/)
  await expect(precedents.getByRole('listitem')).toHaveCount(5)
  await expect(precedents.getByRole('listitem').first()).toContainText(/(approved|rejected) by bench/)
  await page.getByLabel('Status').selectOption('')
  await expect(page.getByTestId('approvals-count')).toContainText('100000 approvals')

  const list = page.getByRole('listbox', { name: 'Approvals' })
  expect(await list.getByRole('option').count()).toBeLessThan(60)

  // One scroll step per frame; the frame times are reported (speed is the bench's job, not an assertion).
  const frames = await page.evaluate(({ selector, steps, stepPx }) => {
    const scroller = document.querySelector(selector) as HTMLElement
    const times: number[] = []
    return new Promise<number[]>((resolve) => {
      let last = performance.now()
      let step = 0
      const next = () => {
        const now = performance.now()
        times.push(now - last)
        last = now
        scroller.scrollTop += stepPx
        if (++step < steps) requestAnimationFrame(next)
        else resolve(times.slice(1))
      }
      requestAnimationFrame(next)
    })
  }, { selector: '[aria-label="Approvals"]', steps: 120, stepPx: 400 })
  frames.sort((a, b) => a - b)
  process.stdout.write(`approvals list, 100k rows: scroll frame p50 ${frames[60]?.toFixed(1)} ms, p95 ${frames[114]?.toFixed(1)} ms\n`)
  test.info().annotations.push({ type: 'scroll frame ms (p50, p95, max)', description: `${frames[60]?.toFixed(1)}, ${frames[114]?.toFixed(1)}, ${frames.at(-1)?.toFixed(1)}` })

  // 48 000 px of scrolling at 56 px a row went past the first page: more pages were fetched.
  await expect.poll(() => list.evaluate((el) => el.scrollHeight)).toBeGreaterThan(400 * 56)
  expect(await list.getByRole('option').count()).toBeLessThan(60)

  await page.keyboard.press('j')
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Executions' }).click()
  const executions = page.getByRole('listbox', { name: 'Executions' })
  await expect(page.getByText('100000 executions')).toBeVisible()
  expect(await executions.getByRole('option').count()).toBeLessThan(60)
  await executions.evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect.poll(() => executions.evaluate((el) => el.scrollHeight)).toBeGreaterThan(200 * 48)

  // Search: an n8n execution id (the seed gives execution i the n8n id 1000000 + i), words of an error, then cleared.
  const search = page.getByLabel('Search executions')
  await search.fill('1050000')
  await search.press('Enter')
  await expect(page.getByTestId('executions-count')).toHaveText('1 matching execution')
  await expect(executions.getByRole('option')).toHaveCount(1)
  await expect(page.getByTestId('execution-row-50000')).toBeVisible()
  await search.fill('mailbox 49990 unavailable')
  await search.press('Enter')
  await expect(page.getByTestId('executions-count')).toHaveText('1 matching execution')
  await page.getByTestId('execution-row-49990').click()
  await expect(page.getByTestId('execution-detail')).toContainText('SMTP 550: mailbox 49990 unavailable')
  await search.fill('')
  await expect(page.getByTestId('executions-count')).toHaveText('100000 executions')
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Approvals' }).click()
  await page.screenshot({ path: test.info().outputPath('approvals-100k.png') })
})

test('monitoring: older events page in, a search finds the one event that names a lead, and it opens its execution', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/monitoring`)
  const shown = page.getByTestId('events-shown')
  await expect(shown).toHaveText('200 events, newest first; older ones below')
  await page.getByRole('button', { name: 'Show older events' }).click()
  await expect(shown).toHaveText('400 events, newest first; older ones below')
  // The seed spreads 10,000 events over 30 days: the last hour holds a handful, all shown.
  await page.getByLabel('Events from').selectOption({ label: 'Events: last hour' })
  await expect(shown).toHaveText(/^\d{1,2} events?, newest first$/)
  await page.getByLabel('Events from').selectOption({ label: 'Events: any time' })
  await expect(shown).toHaveText('200 events, newest first; older ones below')

  // The seed's event i names lead L-i and execution i % 100,000 + 1. / goes to the screen's search.
  await page.keyboard.press('/')
  await expect(page.getByLabel('Search events')).toBeFocused()
  await page.keyboard.type('"L-4242"')
  await page.keyboard.press('Enter')
  await expect(shown).toHaveText('1 event saying “"L-4242"”, newest first')
  const events = page.getByTestId('events-table')
  await expect(events).toContainText('L-4242')
  await events.getByRole('button', { name: 'exec #4243' }).click()
  await expect(page).toHaveURL(/#\/executions\/4243$/)
  await expect(page.getByRole('heading', { name: /^Execution #4243/ })).toBeVisible()

  await page.goBack()
  await page.getByLabel('Search events').fill('nothing-says-this')
  await page.getByLabel('Search events').press('Enter')
  await expect(page.getByText('No event matches')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Show older events' })).toHaveCount(0)
})

test('the dashboard ranks what executions failed with, and one click lists the failures that say it', async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}`)
  // The seed fails every tenth execution with "SMTP 550: mailbox <i> unavailable": one kind of error.
  const groups = page.getByTestId('error-groups')
  await expect(groups.getByRole('listitem')).toHaveCount(1)
  await expect(groups).toContainText(/\d+× SMTP 550: mailbox … unavailable/)
  await expect(groups).toContainText('Bench workflow · last')
  await groups.getByRole('button', { name: /SMTP 550: mailbox … unavailable/ }).click()
  await expect(page.getByRole('heading', { name: 'Executions' })).toBeVisible()
  await expect(page.getByLabel('Status')).toHaveValue('failed')
  await expect(page.getByLabel('Search executions')).toHaveValue('SMTP 550: mailbox')
  // Every failure of the seed says it, in any range: 10,000 of 100,000.
  await expect(page.getByTestId('executions-count')).toHaveText('10000 matching executions')
})

test("a workflow's page shows its last 14 days day by day, from 100k executions", async ({ page }) => {
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}#/workflows/1`)
  // The seed spreads 100k runs of Bench workflow over 30 days, every tenth failed: about 46k in 14 days.
  const activity = page.getByTestId('workflow-activity')
  await expect(activity).toHaveText(/^4\d{4} runs, 4\d{3} failed \(10%\)$/)
  await expect(page.getByTestId('workflow-detail').locator('.recharts-bar-rectangle').first()).toBeVisible()
  await page.getByRole('button', { name: 'Show executions' }).click()
  await expect(page.getByTestId('executions-count')).toHaveText('100000 executions')
  await expect(page.getByLabel('Workflow')).toHaveValue('1')
})

test('the console follows a dark OS theme', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}`)
  await expect(page.getByTestId('card-pending')).toContainText('30000')
  await expect(page.getByTestId('core-status')).not.toHaveText('Checking…')
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(background).toBe('rgb(20, 22, 26)')
  await page.screenshot({ path: test.info().outputPath('dashboard-dark.png') })
  await context.close()
})
