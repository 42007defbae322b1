import fs from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, adminCall } from '../helpers/built-serve'
import { FakeN8n } from '../helpers/fake-n8n'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'

const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
// The export reads what the retry left behind.
test.describe.configure({ mode: 'serial' })
let serve: ServeProcess
// No automatic retries: n8n's first refusal fails an execution for good.
builtServePerFile(() => ({ N8N_WEBHOOK_SECRET: SECRET, WORKFLOW_MAX_RETRIES: '0' }), [n8n], (started) => (serve = started))

/** From a workflow's page: Edit, fill the fields named by their labels, Save; the form, still open if refused. */
async function editWorkflow(page: Page, name: string, fields: Record<string, string>) {
  await page.getByTestId('workflow-detail').getByRole('button', { name: 'Edit' }).click()
  const form = page.getByRole('form', { name: `Edit ${name}` })
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value)
  await form.getByRole('button', { name: 'Save' }).click()
  return form
}

const admin = (method: string, path: string, body?: unknown) => adminCall<{ id: number; status: string }>(serve, method, path, body)

/** A workflow that dispatches to the fake n8n at `path`, and the executions n8n received there, in order. */
async function dispatchingWorkflow(name: string, path: string, extra: object = {}) {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: name, webhook_url: n8n.webhookUrl(path), ...extra })
  return { workflow, sentTo: () => n8n.received.filter((r) => r.path === path).map((r) => r.body.flowgate.execution_id) }
}

test('after n8n was down, every failed execution is retried from the list at once', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Demo deploy', webhook_url: n8n.webhookUrl('deploy') })
  n8n.mode = 'unavailable'
  const ids = [] as number[]
  for (let i = 0; i < 3; i++) ids.push((await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`)).id)
  await expect.poll(async () => (await Promise.all(ids.map((id) => admin('GET', `/api/v1/executions/${id}`)))).map((e) => e.status)).toEqual(['failed', 'failed', 'failed'])
  n8n.mode = 'started'

  // Needs attention counts the failures still standing, and leads to exactly those.
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}`)
  await expect(page.getByTestId('attention-failed-today')).toHaveText('3 executions failed today, not retried yet')
  await page.getByTestId('attention-failed-today').click()
  await expect(page.getByTestId('executions-count')).toHaveText('3 executions not retried yet')
  await expect(page.getByTestId('not-retried-filter')).toContainText('Only executions no later attempt retried')
  await page.getByRole('button', { name: 'Retry all shown…' }).click()
  await expect(page.getByTestId('retry-shown-confirm')).toContainText('Run the 3 failed executions shown again in n8n?')
  await page.screenshot({ path: test.info().outputPath('retry-confirm.png') })
  expect(await accessibilityViolations(page, 'executions, retrying those shown')).toEqual([])
  await page.getByRole('button', { name: 'Retry them' }).click()
  await expect(page.getByTestId('retry-shown-result')).toHaveText('Retried 3 executions')
  // Where it led now says there is nothing left to retry.
  await expect(page.getByText('Nothing left to retry')).toBeVisible()
  await expect.poll(() => n8n.received.length).toBe(3)
  // New attempts, each linked to the execution it retries.
  const sent = n8n.received.map((r) => r.body.flowgate.execution_id)
  expect(sent.filter((id) => ids.includes(id))).toEqual([])
  const retries = await Promise.all(sent.map((id) => admin('GET', `/api/v1/executions/${id}`)))
  expect(retries.map((e) => (e as unknown as { retry_of: number }).retry_of).sort()).toEqual([...ids].sort())

  // Asked again from all the failed ones, nothing is sent twice: those attempts were retried already.
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions`)
  await expect(page.getByTestId('retry-shown')).toHaveCount(0)
  await page.getByRole('combobox', { name: 'Status' }).selectOption('failed')
  await expect(page.getByTestId('executions-count')).toHaveText('3 executions')
  await page.getByRole('button', { name: 'Retry all shown…' }).click()
  await page.getByRole('button', { name: 'Retry them' }).click()
  await expect(page.getByTestId('retry-shown-result')).toHaveText('Retried 0 executions')
  expect(n8n.received).toHaveLength(3)
  // All retried: nothing about them needs attention any more, though the day's card counts them.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboard' }).click()
  await expect(page.getByTestId('card-failed-today')).toContainText('3')
  await expect(page.getByTestId('attention-failed-today')).toHaveCount(0)
})

test('the list exports as CSV every execution its filter matches', async ({ page }) => {
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions`)
  await page.getByRole('combobox', { name: 'Status' }).selectOption('failed')
  await expect(page.getByTestId('executions-count')).toHaveText('3 executions')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(/^flowgate-executions-\d{4}-\d{2}-\d{2}\.csv$/)
  const exported = parse(fs.readFileSync((await download.path())!), { columns: true, bom: true }) as Record<string, string>[]
  expect(exported.map((row) => [row.workflow, row.status])).toEqual([
    ['Demo deploy', 'failed'],
    ['Demo deploy', 'failed'],
    ['Demo deploy', 'failed'],
  ])
  expect(exported[0]!.error_message).toContain('503')
  await expect(page.getByTestId('export-result')).toHaveText('3 rows exported')
})

test('the activity log shows what the operator did', async ({ page }) => {
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/monitoring`)
  await page.getByRole('combobox', { name: 'Events shown' }).selectOption('actions')
  const log = page.getByTestId('events-table')
  await expect(log).toContainText('retried 3 executions')
  await expect(log).toContainText('created workflow "Demo deploy"')
  await expect(log).not.toContainText('execution_created')
  expect(await accessibilityViolations(page, 'monitoring, operator actions')).toEqual([])
  // The activity log leaves as a file too, for whoever audits it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(/^flowgate-events-\d{4}-\d{2}-\d{2}\.csv$/)
  const exported = parse(fs.readFileSync((await download.path())!), { columns: true, bom: true }) as Record<string, string>[]
  expect(new Set(exported.map((row) => row.event_type))).toEqual(new Set(['operator_action']))
  expect(exported.map((row) => JSON.parse(row.data!).summary)).toContain('retried 3 executions')
})

test('while calls to n8n are paused every screen says so, and one click resumes them', async ({ page }) => {
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions`)
  await expect(page.getByTestId('paused-banner')).toHaveCount(0)
  await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_CALLS_PAUSED: true } })
  await expect(page.getByTestId('paused-banner')).toContainText('Calls to n8n are paused')
  const before = n8n.received.length
  const workflows = (await (await fetch(`${serve.line.admin}/api/v1/workflows`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { items: { id: number }[] }
  await admin('POST', `/api/v1/workflows/${workflows.items[0]!.id}/trigger`)
  await page.getByRole('button', { name: 'Dashboard' }).click()
  await expect(page.getByTestId('paused-banner')).toContainText('1 call waiting', { timeout: 15_000 })
  await page.screenshot({ path: test.info().outputPath('paused-banner.png') })
  expect(await accessibilityViolations(page, 'dashboard with calls to n8n paused')).toEqual([])
  expect(n8n.received).toHaveLength(before)
  await page.getByRole('button', { name: 'Resume calls' }).click()
  await expect(page.getByTestId('paused-banner')).toHaveCount(0)
  await expect.poll(() => n8n.received.length).toBe(before + 1)
})

test('a workflow limited to one execution at a time in n8n sends the next when n8n reports the first finished', async ({ page }) => {
  const { workflow, sentTo: sentToVideo } = await dispatchingWorkflow('Video creation', 'video')
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows/${workflow.id}`)
  const detail = page.getByTestId('workflow-detail')
  await expect(detail.getByTestId('workflow-running')).toHaveText('0 now · no limit')
  const form = await editWorkflow(page, 'Video creation', { 'At most running at once in n8n': '0' })
  await expect(form).toContainText('must be at least 1 (empty for no limit)')
  await form.getByLabel('At most running at once in n8n').fill('1')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(detail.getByTestId('workflow-running')).toHaveText('0 now · at most 1 at once, the rest wait for a free slot')

  const first = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { video: 1 } })
  const second = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { video: 2 } })
  await expect.poll(sentToVideo).toEqual([first.id])
  await expect(detail.getByTestId('workflow-running')).toHaveText(/^1 now · at most 1 at once/)
  await page.screenshot({ path: test.info().outputPath('workflow-running-limit.png') })

  // The dashboard says one waits, and leads to it.
  await page.goto(`${serve.line.admin}/#/dashboard`)
  await page.getByTestId('attention-full').click()
  await expect(page.getByTestId('executions-count')).toHaveText('1 execution held back')
  await expect(page.getByTestId(`execution-row-${second.id}`)).toContainText('waiting for a free slot')
  await page.goto(`${serve.line.admin}/#/executions/${second.id}`)
  await expect(page.getByTestId('execution-waiting')).toContainText('It goes as soon as one of them finishes.')
  await page.screenshot({ path: test.info().outputPath('execution-waiting-for-slot.png') })
  await expect(page.getByTestId('execution-waiting').getByRole('button', { name: 'Open the workflow to change its limit' })).toBeVisible()

  // n8n reports the first one finished: the second goes, and its page follows.
  const done = JSON.stringify({ type: 'execution.completed', execution_id: first.id })
  const callback = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body: done })
  expect(callback.status).toBe(202)
  await expect.poll(sentToVideo).toEqual([first.id, second.id])
  await expect(page.getByTestId('execution-waiting')).toHaveCount(0)
  await expect(page.getByTestId('execution-detail')).toContainText('running')
  // Running now, it leaves the list of those held back it was found in.
  await expect(page.getByTestId(`execution-row-${second.id}`)).toHaveCount(0)
})

test('a backlog that should not run after all is cancelled from the list at once, and never reaches n8n', async ({ page }) => {
  const { workflow, sentTo: sentToMailer } = await dispatchingWorkflow('Bulk mailer', 'mailer', { max_running: 1 })
  const runs = [] as number[]
  for (let i = 0; i < 3; i++) runs.push((await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { batch: i } })).id)
  await expect.poll(sentToMailer).toEqual([runs[0]])

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions`)
  await page.getByRole('combobox', { name: 'Status' }).selectOption('pending')
  await page.getByRole('combobox', { name: 'Workflow' }).selectOption({ label: 'Bulk mailer' })
  await expect(page.getByTestId('executions-count')).toHaveText('2 executions')
  await page.getByRole('button', { name: 'Cancel all shown…' }).click()
  await expect(page.getByTestId('cancel-shown-confirm')).toContainText('Cancel the 2 pending executions shown? Those not sent yet never reach n8n')
  await page.getByRole('button', { name: 'Cancel them' }).click()
  await expect(page.getByTestId('cancel-shown-result')).toHaveText('Cancelled 2 executions')
  await expect(page.getByTestId('executions-count')).toHaveText('0 executions')
  // The one running finishes; nothing else goes out for the workflow.
  const done = JSON.stringify({ type: 'execution.completed', execution_id: runs[0] })
  await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body: done })
  await expect.poll(async () => (await admin('GET', `/api/v1/executions/${runs[0]}`)).status).toBe('completed')
  expect(sentToMailer()).toEqual([runs[0]])
  expect((await admin('GET', `/api/v1/executions/${runs[2]}`)).status).toBe('cancelled')
})

test('a workflow limited to one start per hour holds the next, says until when, and lets it go when the limit is raised', async ({ page }) => {
  const { workflow, sentTo: sentToNewsletter } = await dispatchingWorkflow('Newsletter', 'newsletter')
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows/${workflow.id}`)
  const detail = page.getByTestId('workflow-detail')
  await expect(detail.getByTestId('workflow-started')).toHaveText('0 in the last hour · 0 in the last 24 h')
  await editWorkflow(page, 'Newsletter', { 'At most started per hour': '1' })
  await expect(detail.getByTestId('workflow-started')).toHaveText('0 in the last hour (at most 1) · 0 in the last 24 h, the rest wait their turn')

  const first = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { issue: 1 } })
  const second = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { issue: 2 } })
  await expect.poll(sentToNewsletter).toEqual([first.id])
  await expect(detail.getByTestId('workflow-started')).toHaveText(/^1 in the last hour \(at most 1\) · 1 in the last 24 h, the rest wait their turn; the next at \S.* \(in (60 min|1 h)\)$/)
  await expect(page.getByTestId(`workflow-row-${workflow.id}`)).toContainText('1/1 this hour')
  await page.screenshot({ path: test.info().outputPath('workflow-hourly-limit.png') })

  await page.goto(`${serve.line.admin}/#/dashboard`)
  await expect(page.getByTestId('attention-full')).toContainText(/1 execution waits its turn: "Newsletter" started its 1 within the hour; the next goes in (60 min|1 h)/)
  await page.getByTestId('attention-full').click()
  await expect(page.getByTestId('executions-count')).toHaveText('1 execution held back')
  await expect(page.getByTestId('held-back-filter')).toBeVisible()
  await expect(page.getByTestId(`execution-row-${second.id}`)).toContainText('waiting for its turn this hour')
  // From the keyboard: j opens the first row, w its workflow.
  await page.keyboard.press('j')
  await expect(page.getByTestId('execution-waiting')).toContainText('started as many executions within the last hour as it allows')
  await page.screenshot({ path: test.info().outputPath('execution-waiting-for-hour.png') })

  await page.keyboard.press('w')
  await expect(detail.getByRole('heading', { name: 'Newsletter' })).toBeVisible()
  await editWorkflow(page, 'Newsletter', { 'At most started per hour': '2' })
  await expect.poll(sentToNewsletter).toEqual([first.id, second.id])
  // Both of the hour's starts spent: one triggered now would wait until the first is an hour old.
  await expect(detail.getByTestId('workflow-started')).toHaveText(/^2 in the last hour \(at most 2\) · 2 in the last 24 h, the rest wait their turn; the next at /)
})

test('a workflow that sends only on other days holds triggers until its window opens: one is sent now anyway, the other once the window is removed', async ({ page }) => {
  const { workflow, sentTo: sentToDigest } = await dispatchingWorkflow('Weekly digest', 'digest')
  const today = new Date().getDay()
  const otherDays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].filter((_, index) => (index + 1) % 7 !== today)
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows/${workflow.id}`)
  const detail = page.getByTestId('workflow-detail')
  await expect(detail.getByTestId('workflow-send-window')).toHaveText('at any time')
  const form = await editWorkflow(page, 'Weekly digest', { 'Send from': '00:00' })
  await expect(form).toContainText('Send until: must be a time as HH:MM')
  await form.getByLabel('Send until').fill('23:59')
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) await form.getByLabel(day, { exact: true }).setChecked(otherDays.includes(day))
  await form.getByLabel('Send until').scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('workflow-send-window-form.png') })
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(detail.getByTestId('workflow-send-window')).toContainText('00:00–23:59 · closed now, opens at ')
  await expect(page.getByTestId(`workflow-row-${workflow.id}`)).toContainText('send window closed')

  const urgent = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { week: 47 } })
  const run = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { week: 48 } })
  await page.goto(`${serve.line.admin}/#/executions/${run.id}`)
  await expect(page.getByTestId('execution-waiting')).toContainText(/sends only within its send window, which is closed now. It goes when the window opens, at .+ \(in \d+ (h|min)\)\./)
  await expect(page.getByTestId(`execution-row-${run.id}`)).toContainText('waiting for its send window')
  await page.screenshot({ path: test.info().outputPath('execution-waiting-for-window.png') })
  await page.goto(`${serve.line.admin}/#/dashboard`)
  await expect(page.getByTestId('attention-full')).toContainText('2 executions wait to be sent: the send window of "Weekly digest" is closed; it opens in ')
  await expect(page.getByTestId('coming-up')).toContainText('2 dispatches of "Weekly digest" go as its send window opens')
  await page.screenshot({ path: test.info().outputPath('dashboard-coming-up.png') })
  await page.getByTestId('coming-up').getByRole('button', { name: '2 dispatches of "Weekly digest" go as its send window opens' }).click()
  await expect(page.getByTestId('executions-count')).toHaveText('2 executions held back')
  expect(sentToDigest()).toEqual([])

  // The operator sends one past the window (s, as its link says); the other still waits.
  await page.goto(`${serve.line.admin}/#/executions/${urgent.id}`)
  await expect(page.getByTestId('execution-detail').getByRole('heading', { level: 3 })).toContainText(`Execution #${urgent.id}`)
  await expect(page.getByTestId('execution-waiting').getByRole('button', { name: 'send this one now anyway (s)' })).toBeVisible()
  await page.keyboard.press('s')
  await expect.poll(sentToDigest).toEqual([urgent.id])
  await expect(page.getByTestId('execution-waiting')).toHaveCount(0)
  await expect(page.getByTestId('execution-timeline')).toContainText(`sent execution #${urgent.id} to n8n now, past its schedule and its workflow's limits`)

  await page.goto(`${serve.line.admin}/#/workflows/${workflow.id}`)
  await editWorkflow(page, 'Weekly digest', { 'Send from': '', 'Send until': '' })
  await expect(detail.getByTestId('workflow-send-window')).toHaveText('at any time')
  await expect.poll(sentToDigest).toEqual([urgent.id, run.id])
})

test('a failed execution is found and retried from the keyboard', async ({ page }) => {
  const { workflow, sentTo: sentToScoring } = await dispatchingWorkflow('Lead scoring', 'scoring')
  n8n.mode = 'unavailable'
  const older = (await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`)).id
  const newer = (await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`)).id
  await expect.poll(async () => [(await admin('GET', `/api/v1/executions/${older}`)).status, (await admin('GET', `/api/v1/executions/${newer}`)).status]).toEqual(['failed', 'failed'])
  n8n.mode = 'started'

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions`)
  await page.getByRole('combobox', { name: 'Workflow' }).selectOption({ label: 'Lead scoring' })
  await expect(page.getByTestId('executions-count')).toHaveText('2 executions')
  const detail = page.getByTestId('execution-detail')
  // Out of the filter's select, j and k move through the list.
  await page.getByRole('heading', { name: 'Executions' }).click()
  await page.keyboard.press('j')
  await expect(detail.getByRole('heading', { level: 3 })).toContainText(`Execution #${newer}`)
  await page.keyboard.press('j')
  await expect(detail.getByRole('heading', { level: 3 })).toContainText(`Execution #${older}`)
  await page.keyboard.press('k')
  await page.keyboard.press('j')
  await expect(detail.getByRole('heading', { level: 3 })).toContainText(`Execution #${older}`)
  // While the operator types in the search box, the letters are text.
  await page.getByRole('searchbox', { name: 'Search executions' }).fill('r')
  expect(sentToScoring()).toEqual([])
  await page.getByRole('searchbox', { name: 'Search executions' }).fill('')
  await page.getByRole('heading', { name: 'Executions' }).click()

  await page.keyboard.press('r')
  await expect(detail).toContainText(`retry of #${older}`)
  await expect.poll(sentToScoring).toHaveLength(1)
  const retry = sentToScoring()[0]
  expect((await admin('GET', `/api/v1/executions/${retry}`)) as unknown).toMatchObject({ retry_of: older })
  // The retry runs in n8n: r does nothing more to it.
  await page.keyboard.press('r')
  await page.waitForTimeout(300)
  expect(sentToScoring()).toEqual([retry])
})

test('a trigger scheduled for later waits for its moment, Coming up names it, and s sends it now', async ({ page }) => {
  const { workflow, sentTo: sentToNightly } = await dispatchingWorkflow('Nightly deploy', 'nightly')
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows/${workflow.id}`)
  const detail = page.getByTestId('workflow-detail')
  await detail.getByRole('button', { name: 'in 8 h' }).click()
  await expect(detail.getByLabel('Send at')).toHaveValue(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/)
  await detail.getByRole('button', { name: 'Schedule' }).click()
  await expect(page.getByTestId('trigger-outcome')).toHaveText(/^Execution #(\d+) is scheduled: it goes to n8n at .+ \(in (7|8) h\)$/)
  const id = Number(/#(\d+)/.exec((await page.getByTestId('trigger-outcome').textContent())!)![1])
  await expect(detail.getByLabel('Send at')).toHaveValue('')
  await expect(detail.getByRole('button', { name: 'Trigger', exact: true })).toBeVisible()
  expect(sentToNightly()).toEqual([])
  // Everything scheduled, from Find anything.
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: /Find a screen/ }).fill('scheduled')
  await page.getByTestId('find-anything').getByRole('option', { name: /Executions scheduled for later/ }).click()
  await expect(page.getByTestId('executions-count')).toHaveText('1 execution scheduled')
  await expect(page.getByTestId('scheduled-filter')).toContainText('Only executions scheduled for later and not sent yet')
  await page.getByRole('button', { name: 'Send all shown now…' }).click()
  await expect(page.getByTestId('send-now-shown-confirm')).toContainText('Send the 1 pending execution shown to n8n now, ahead of their schedule')
  await page.getByRole('button', { name: 'Let them wait' }).click()
  await expect(page.getByTestId(`execution-row-${id}`)).toContainText('scheduled for')

  await page.goto(`${serve.line.admin}/#/dashboard`)
  await expect(page.getByTestId('coming-up')).toContainText(`execution #${id} of "Nightly deploy" goes to n8n, as scheduled`)
  await page.getByTestId('coming-up').getByRole('button', { name: `execution #${id} of "Nightly deploy" goes to n8n, as scheduled` }).click()
  await expect(page.getByTestId('execution-scheduled')).toContainText(/^Scheduled: not sent to n8n before .+ \(in (7|8) h\)\. Send it now \(s\) or Move it$/)
  await expect(page.getByTestId(`execution-row-${id}`)).toContainText('scheduled for')
  await expect(page.getByTestId('execution-timeline')).toContainText('execution_created · scheduled for')

  // Moved to three hours from now, in the browser's own time zone.
  await page.getByRole('button', { name: 'Move it' }).click()
  const inThreeHours = await page.evaluate(() => {
    const at = new Date(Date.now() + 3 * 3600_000)
    const two = (n: number) => String(n).padStart(2, '0')
    return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`
  })
  await page.getByLabel('Send it at').fill(inThreeHours)
  await page.screenshot({ path: test.info().outputPath('execution-scheduled.png') })
  await page.getByRole('button', { name: 'Move', exact: true }).click()
  await expect(page.getByTestId('execution-scheduled')).toContainText(/^Scheduled: not sent to n8n before .+ \((in (2|3) h|in 1\d\d min)\)\./)
  await expect.poll(async () => (await admin('GET', `/api/v1/executions/${id}`)) as unknown).toMatchObject({ send_at: new Date(inThreeHours).getTime() })
  expect(sentToNightly()).toEqual([])

  await page.keyboard.press('s')
  await expect.poll(sentToNightly).toEqual([id])
  await expect(page.getByTestId('execution-scheduled')).toHaveCount(0)
  await expect(page.getByTestId('execution-timeline')).toContainText(`sent execution #${id} to n8n now, past its schedule and its workflow's limits`)
})

test("a failed execution's input is corrected before it is retried: the changes listed as typed, n8n gets the corrected input", async ({ page }) => {
  const { workflow, sentTo } = await dispatchingWorkflow('Follow-up mailer', 'follow-up')
  n8n.mode = 'unavailable'
  const asked = { email: 'ada@exmaple.com', lead_score: 88 }
  const failed = await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: asked })
  await expect.poll(async () => (await admin('GET', `/api/v1/executions/${failed.id}`)).status).toBe('failed')
  n8n.mode = 'started'

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/executions/${failed.id}`)
  const detail = page.getByTestId('execution-detail')
  // e opens the editor from the keyboard, as the button does.
  await expect(detail.getByRole('button', { name: 'Change and retry… (e)' })).toBeVisible()
  await page.keyboard.press('e')
  const editor = detail.getByRole('textbox', { name: 'Input to retry with' })
  await expect(detail.getByRole('button', { name: 'Retry with changes' })).toBeDisabled()
  await editor.fill('{ "email": ')
  await expect(detail.getByTestId('retry-check')).toContainText('Not valid JSON')
  await editor.fill(JSON.stringify({ ...asked, email: 'ada@example.com' }, null, 2))
  await expect(detail.getByTestId('retry-check')).toHaveText('1 change: the retry runs with the input as changed here')
  await expect(detail.getByTestId('retry-changes')).toContainText('email: "ada@exmaple.com" → "ada@example.com"')
  await page.screenshot({ path: test.info().outputPath('retry-with-changes.png') })
  await detail.getByRole('button', { name: 'Retry with changes' }).click()

  // The new attempt opens, with the corrected input; its timeline names what was changed.
  await expect(detail).toContainText(`retry of #${failed.id}`)
  await expect(detail.getByLabel('Input')).toContainText('ada@example.com')
  await expect(detail.getByTestId('execution-timeline')).toContainText('changed email')
  await expect.poll(sentTo).toHaveLength(1)
  expect(n8n.received.filter((r) => r.path === 'follow-up').map((r) => r.body.data)).toEqual([{ ...asked, email: 'ada@example.com' }])
  expect((await admin('GET', `/api/v1/executions/${failed.id}`)) as unknown as { input_data: unknown }).toMatchObject({ input_data: asked })
})
