import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { consoleSession, nav, shot } from '../helpers/console-session'
import { FakeN8n } from '../helpers/fake-n8n'

const SECRET = 'e2e-webhook-secret-0123456789'
const UNDO_SECONDS = 8
/** Long enough for a decision to wait out its undo window and reach n8n. */
const afterUndoWindow = { timeout: UNDO_SECONDS * 1000 + 10_000 }
const n8n = new FakeN8n()
const { serve, admin } = consoleSession(n8n, { N8N_WEBHOOK_SECRET: SECRET, AUTO_APPROVAL_ENABLED: 'false', APPROVAL_UNDO_SECONDS: String(UNDO_SECONDS) })

test('create a workflow, trigger it, approve with the keyboard, and see n8n run it to completion', async ({ page }) => {
  await expect(page.getByTestId('card-pending')).toContainText('0')
  // A fresh install shows the way: the secret came from the environment, the rest is to do.
  const setup = page.getByTestId('get-started')
  await expect(setup).toContainText('Get started · 1 of 5 done')
  await expect(setup.getByTestId('setup-secret')).toHaveAttribute('data-done', 'true')
  await expect(setup.getByTestId('setup-tunnel')).toHaveAttribute('data-done', 'false')
  await shot(page, 'dashboard-empty')

  await setup.getByRole('button', { name: 'Register a workflow' }).click()
  await expect(page.getByText('No workflows yet')).toBeVisible()
  await page.getByRole('button', { name: 'New workflow' }).click()
  await page.getByRole('button', { name: 'Create' }).click()
  await expect(page.locator('.field-error').first()).toHaveText('is required')
  await page.getByLabel('Name').fill('Lead Qualification')
  await page.getByLabel('n8n webhook URL').fill('not a url')
  await page.getByRole('button', { name: 'Create' }).click()
  await expect(page.locator('.field-error')).toHaveText('must be an http(s) URL')
  await page.getByLabel('n8n webhook URL').fill(n8n.webhookUrl('lead'))
  await expect(page.locator('.field-error')).toHaveCount(0)
  await page.getByLabel('Trigger events').fill('lead.created')
  await page.getByLabel('Requires approval').check()
  await shot(page, 'workflow-form')
  // The creation's own push (a reload of every workflow name) lands before the trigger below.
  const creationPushed = page.waitForRequest((r) => r.url().endsWith('/workflows.list') && (r.postData() ?? '').includes('"page_size":500'))
  await page.getByRole('button', { name: 'Create' }).click()
  await creationPushed

  const detail = page.getByTestId('workflow-detail')
  await expect(detail.getByRole('heading', { name: 'Lead Qualification' })).toBeVisible()
  await expect(page.getByTestId('webhook-url')).toHaveText(new RegExp(`^${serve().line.public}/api/v1/webhooks/n8n/\\d+$`))
  await page.getByLabel('Trigger input JSON').fill('{"lead_score": 91, "email": "ada@example.com"}')
  await expect(page.getByTestId('workflow-row-1')).toContainText('0 runs')
  await page.getByRole('button', { name: 'Trigger', exact: true }).click()
  // The row counts the run as it happens.
  await expect(page.getByTestId('trigger-outcome')).toHaveText(/^Execution #1 is pending \(waiting for approval\)$/)
  await expect(page.getByTestId('workflow-row-1')).toContainText('1 run')
  await shot(page, 'workflows')
  await page.getByRole('button', { name: 'Open execution #1' }).click()
  await expect(page.getByTestId('execution-detail')).toContainText('Execution #1')
  await expect(page.getByTestId('execution-detail')).toContainText('pending')

  await expect(nav(page, 'Approvals').getByTestId('nav-pending')).toHaveText('1')
  await nav(page, 'Approvals').click()
  const approval = page.getByTestId('approval-detail')
  await expect(approval).toContainText('Lead Qualification')
  await expect(approval.getByLabel('Approval payload')).toContainText('ada@example.com')
  await expect(approval).toContainText('medium priority · Lead Qualification · requested')
  await expect(page.getByRole('listbox', { name: 'Approvals' }).getByRole('option').first()).toContainText(/\w · Lead Qualification · \d+ (s|min) ago/)
  await expect(approval.getByRole('button', { name: 'Open execution #1' })).toBeVisible()
  await shot(page, 'approvals')
  await page.keyboard.press('a')
  await expect(page.getByTestId('inbox-notice')).toHaveText(/^Approved: /)
  // Nothing is sent while the decision can be undone, and u takes it back.
  await expect(page.getByTestId('undo-offer').first()).toHaveText(/^Undo \(u\) · \d s$/)
  await expect(approval.getByTestId('decision-waiting')).toContainText('approved by operator; nothing is sent until the undo window closes')
  await shot(page, 'approvals-undo')
  await page.keyboard.press('u')
  await expect(page.getByTestId('inbox-notice')).toHaveText('Undone: 1 decision, pending again, nothing was sent')
  await expect(approval.getByRole('button', { name: 'Approve (a)' })).toBeVisible()
  expect(n8n.received).toHaveLength(0)
  await page.keyboard.press('a')
  // Checked while the second decision waits (whatever it takes, it cannot make the Undo above late).
  await expect(page.getByTestId('undo-offer').first()).toBeVisible()
  expect(await accessibilityViolations(page, 'a decision that can be undone')).toEqual([])
  await expect(page.getByText('Nothing waits for you')).toBeVisible(afterUndoWindow)

  await expect.poll(() => n8n.received.length).toBe(1)
  expect(n8n.received[0]?.body.data).toEqual({ lead_score: 91, email: 'ada@example.com' })

  await nav(page, 'Executions').click()
  await page.getByTestId('execution-row-1').click()
  await expect(page.getByTestId('execution-detail')).toContainText('completed')
  await expect(page.getByTestId('execution-timeline')).toContainText('execution_completed')
  // Each step says what it needs to: the dispatch, its attempt and n8n's answer.
  await expect(page.getByTestId('execution-timeline')).toContainText(/dispatch_sent · attempt 1 · n8n answered 200/)
  // The wait for the decision to take effect stands out as a pause before the approval was granted.
  await expect(page.getByTestId('execution-timeline').getByRole('listitem').filter({ hasText: 'approval_granted' }).getByTestId('timeline-gap')).toHaveText(/^\+(8|9|\d\d)\.\d s$/)
  await expect(page.getByTestId('execution-detail').getByLabel('Output')).toContainText('91')
  // It names the approval that let it run and who gave it.
  const gate = page.getByTestId('execution-approvals').getByRole('listitem')
  await expect(gate).toHaveText(/^#1 .+ approved workflow_execution · by operator \d+ s ago$/)
  // The list follows the same push: the row no longer says what it said before the approval.
  await expect(page.getByTestId('execution-row-1')).toContainText('completed')
  // Workflows are spoken of by name: in the row, the detail, and the list's filter.
  await expect(page.getByTestId('execution-row-1')).toContainText('#1 · Lead Qualification · lead.created')
  await expect(page.getByTestId('execution-detail')).toContainText('Lead Qualification · n8n execution')
  await shot(page, 'executions')
  // The workflow leads to its executions.
  await nav(page, 'Workflows').click()
  await page.getByTestId('workflow-row-1').click()
  await page.getByRole('button', { name: 'Show executions' }).click()
  await expect(page.getByRole('heading', { name: 'Executions' })).toBeVisible()
  await expect(page.getByLabel('Workflow', { exact: true })).toHaveValue('1')
  await expect(page.getByText('1 execution', { exact: true })).toBeVisible()
  await page.getByLabel('Workflow', { exact: true }).selectOption({ label: 'All workflows' })
  await expect(page.getByLabel('Workflow', { exact: true })).toHaveValue('')

  await nav(page, 'Dashboard').click()
  await expect(page.getByTestId('card-completed-today')).toContainText('1')
  await expect(page.getByTestId('card-pending')).toContainText('0')
  await expect(page.getByTestId('card-workflows')).toHaveText(/^Active workflows1\s*0 switched off$/)
  await shot(page, 'dashboard')
  // The workflow is registered and n8n's callbacks came in as webhooks; the checklist can be put away for good.
  await expect(setup.getByTestId('setup-workflow')).toHaveAttribute('data-done', 'true')
  await expect(setup.getByTestId('setup-webhook')).toHaveAttribute('data-done', 'true')
  await setup.getByRole('button', { name: 'Hide' }).click()
  await expect(setup).toHaveCount(0)
  await page.reload()
  await expect(page.getByTestId('card-pending')).toBeVisible()
  await expect(page.getByTestId('get-started')).toHaveCount(0)
  // A figure leads to what it counts.
  await page.getByTestId('card-completed-today').click()
  await expect(page.getByRole('heading', { name: 'Executions' })).toBeVisible()
  await expect(page.getByLabel('Status')).toHaveValue('completed')
  await expect(page.getByLabel('Created')).toHaveValue('today')
  await expect(page.getByTestId('execution-row-1')).toBeVisible()
  await expect(page.getByTestId('executions-count')).toHaveText('1 execution')
})

test('approvals arrive by push; several are approved at once', async ({ page }) => {
  const workflows = (await admin('GET', '/api/v1/workflows')) as { items: { id: number }[] }
  const id = workflows.items[0]!.id
  await nav(page, 'Approvals').click()
  await expect(page.getByText('Nothing waits for you')).toBeVisible()
  for (let i = 0; i < 3; i++) await admin('POST', `/api/v1/workflows/${id}/trigger`, { trigger_event: 'lead.created', input_data: { n: i } })
  await expect(page.getByTestId('approvals-count')).toContainText('3 pending approvals')
  await page.keyboard.press('x')
  await page.keyboard.press('j')
  await page.keyboard.press('x')
  await page.keyboard.press('j')
  await page.keyboard.press('x')
  await expect(page.getByTestId('bulk-bar')).toContainText('3 selected')
  await expect(page.getByTestId('approval-detail')).toContainText('expires in')
  await shot(page, 'approvals-bulk')
  await page.getByRole('button', { name: 'Approve selected' }).click()
  await expect(page.getByTestId('inbox-notice')).toHaveText('3 approved')
  await expect(page.getByTestId('approvals-count')).toContainText('3 pending approvals')
  const firstRow = page.getByRole('listbox', { name: 'Approvals' }).getByRole('option').first()
  await expect(firstRow).toContainText('approved, not sent yet')
  await expect(firstRow.locator('.pill')).toHaveText('approving')
  await expect.poll(() => n8n.received.length, afterUndoWindow).toBe(4)

  // A decided approval no longer counts down to an expiry.
  await page.getByLabel('Status').selectOption('approved')
  await page.getByRole('listbox', { name: 'Approvals' }).getByRole('option').first().click()
  await expect(page.getByTestId('approval-detail')).toContainText('approved')
  await expect(page.getByTestId('approval-detail')).not.toContainText('expires')
})

test('an approval about to expire is pointed out on the dashboard and found with the Expiry filter', async ({ page }) => {
  const workflows = (await admin('GET', '/api/v1/workflows')) as { items: { id: number }[] }
  const body = JSON.stringify({ type: 'approval.requested', n8n_execution_id: '900', resume_url: n8n.resumeUrl('900'), approval_type: 'email_send', title: 'Send the renewal reminder', expires_in_hours: 0.5 })
  const response = await fetch(`${serve().line.public}/api/v1/webhooks/n8n/${workflows.items[0]!.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body })
  expect(response.status).toBe(202)
  await expect(page.getByTestId('card-pending')).toContainText('1 expire within 1 h')
  await page.getByTestId('card-pending').click()
  await expect(page.getByLabel('Expiry')).toHaveValue('60')
  await expect(page.getByTestId('approvals-count')).toContainText('1 pending approval')
  await expect(page.getByRole('listbox', { name: 'Approvals' }).getByRole('option').first()).toContainText(/Send the renewal reminder.*expires in (29|30) min/)
  // A day more takes it out of the hour's list.
  await page.getByRole('listbox', { name: 'Approvals' }).getByRole('option').first().click()
  await expect(page.getByTestId('approval-detail')).toContainText(/expires in (29|30) min/)
  await page.getByRole('button', { name: 'Give it 24 h more' }).click()
  await expect(page.getByTestId('approvals-count')).toContainText('0 pending approvals')
  await page.getByLabel('Expiry').selectOption({ label: 'Any expiry' })
  await expect(page.getByLabel('Expiry')).toHaveValue('')
  await page.getByRole('listbox', { name: 'Approvals' }).getByRole('option', { name: /Send the renewal reminder/ }).click()
  await expect(page.getByTestId('approval-detail')).toContainText('expires in 1 d')
  const approvals = (await admin('GET', '/api/v1/approvals?status=pending')) as { items: { id: number }[] }
  const id = approvals.items[0]!.id
  await admin('POST', `/api/v1/approvals/${id}/reject`, { approver_name: 'e2e' })
  // Its detail tells whether n8n took the decision.
  await page.goto(`${serve().line.admin}/#/approvals/${id}`)
  await expect(page.getByTestId('approval-detail').getByTestId('resume-call')).toHaveText(/^n8n took the decision \(it answered 200\) \d+ s ago$/)
})

test('a decision n8n never took is shown as such, and sent again from the approval', async ({ page }) => {
  const workflows = (await admin('GET', '/api/v1/workflows')) as { items: { id: number }[] }
  await admin('POST', '/api/v1/rpc/settings.update', { values: { WORKFLOW_MAX_RETRIES: 0 } })
  n8n.resumeMode = 'unavailable'
  const body = JSON.stringify({ type: 'approval.requested', n8n_execution_id: '901', resume_url: n8n.resumeUrl('901'), approval_type: 'demo_deploy', title: 'Deploy the demo site' })
  await fetch(`${serve().line.public}/api/v1/webhooks/n8n/${workflows.items[0]!.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body })
  await expect.poll(async () => ((await admin('GET', '/api/v1/approvals?status=pending')) as { total: number }).total).toBe(1)
  const id = ((await admin('GET', '/api/v1/approvals?status=pending')) as { items: { id: number }[] }).items[0]!.id
  await admin('POST', `/api/v1/approvals/${id}/approve`, { approver_name: 'e2e' })
  // The dashboard says so first, and leads to it.
  await page.reload()
  await page.getByTestId('attention-not-told').click()
  await expect(page.getByTestId('not-told-filter')).toBeVisible()
  await page.getByRole('listbox', { name: 'Approvals' }).getByRole('option', { name: /Deploy the demo site/ }).click()
  const note = page.getByTestId('approval-detail').getByTestId('resume-call')
  await expect(note).toContainText('n8n was not told the decision: n8n answered 503')
  n8n.resumeMode = 'ok'
  await note.getByRole('button', { name: 'Send to n8n again' }).click()
  await expect(note.getByTestId('resend-outcome')).toHaveText('Sent again: n8n gets the decision as soon as it answers')
  await expect.poll(() => n8n.resumes.filter((r) => r.id === '901').map((r) => r.body.decision)).toEqual(['approved'])
  await expect(page.getByTestId('approvals-count')).toContainText('0 approvals')
  await admin('POST', '/api/v1/rpc/settings.update', { values: { WORKFLOW_MAX_RETRIES: null } })
  await nav(page, 'Dashboard').click()
  await expect(page.getByTestId('attention-not-told')).toHaveCount(0)
})

test("an approval's data is corrected before approving, and n8n receives it as corrected", async ({ page }) => {
  const workflows = (await admin('GET', '/api/v1/workflows')) as { items: { id: number }[] }
  const asked = { subject: 'Spring offer', recipients: ['a@example.com', 'b@example.com', 'c@example.com'] }
  const body = JSON.stringify({ type: 'approval.requested', n8n_execution_id: '902', resume_url: n8n.resumeUrl('902'), approval_type: 'email_send', title: 'Send the spring offer', data: asked })
  await fetch(`${serve().line.public}/api/v1/webhooks/n8n/${workflows.items[0]!.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET }, body })
  await nav(page, 'Approvals').click()
  await page.getByRole('listbox', { name: 'Approvals' }).getByRole('option', { name: /Send the spring offer/ }).click()
  const detail = page.getByTestId('approval-detail')
  await page.keyboard.press('e')
  const editor = detail.getByLabel('Data to approve')
  await expect(editor).toBeFocused()
  await expect(detail.getByTestId('draft-check')).toHaveText('No changes yet: approving sends the data as asked')
  await editor.fill('{"subject": ')
  await expect(detail.getByTestId('draft-check')).toContainText('Not valid JSON')
  await detail.getByRole('button', { name: 'Approve with changes (a)' }).click()
  await expect(page.getByTestId('inbox-notice')).toContainText('Not approved: Not valid JSON')
  const corrected = { subject: 'Spring offer (corrected)', recipients: ['a@example.com', 'b@example.com'] }
  await editor.fill(JSON.stringify(corrected, null, 2))
  await expect(detail.getByTestId('draft-changes').getByRole('listitem')).toHaveText(['subject: "Spring offer" → "Spring offer (corrected)"', 'recipients[2]: removed (was "c@example.com")'])
  await shot(page, 'approve-with-changes')
  await detail.getByRole('button', { name: 'Approve with changes (a)' }).click()
  await expect(page.getByTestId('inbox-notice')).toHaveText('Approved with changes to subject and recipients[2]: Send the spring offer')
  await expect(detail.getByTestId('decision-waiting')).toContainText('approved with your changes by operator')
  await expect.poll(() => n8n.resumes.filter((r) => r.id === '902').map((r) => [r.body.data, r.body.data_changed]), afterUndoWindow).toEqual([[corrected, true]])
  const id = ((await admin('GET', '/api/v1/approvals?status=approved&search=spring')) as { items: { id: number }[] }).items[0]!.id
  await page.goto(`${serve().line.admin}/#/approvals/${id}`)
  await expect(detail.getByTestId('approved-change-list').getByRole('listitem')).toHaveCount(2)
  await expect(detail.getByLabel('Data as approved')).toContainText('Spring offer (corrected)')
})

test("a workflow's calls to n8n are held from its page, wait there, and go when released", async ({ page }) => {
  const workflow = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Held mailer', webhook_url: n8n.webhookUrl('held-mailer') })) as { id: number }
  await page.goto(`${serve().line.admin}/#/workflows/${workflow.id}`)
  const hold = page.getByTestId('workflow-detail').getByTestId('calls-hold')
  await hold.getByRole('button', { name: 'Hold calls to n8n' }).click()
  await expect(hold).toContainText('Calls to n8n for this workflow are held: 0 calls wait.')
  await page.getByRole('button', { name: 'Trigger', exact: true }).click()
  await expect(page.getByTestId('trigger-outcome')).toContainText('is pending')
  await expect(hold).toContainText('1 call waits')
  const execution = Number(/#(\d+)/.exec((await page.getByTestId('trigger-outcome').textContent()) ?? '')?.[1])
  await page.getByRole('button', { name: `Open execution #${execution}` }).click()
  await expect(page.getByTestId('execution-held')).toContainText('Not sent to n8n yet: calls to n8n for this workflow are held.')
  await expect(page.getByTestId(`execution-row-${execution}`)).toContainText('calls to n8n held')
  await page.getByRole('button', { name: 'Open the workflow to release them' }).click()
  await expect(hold).toContainText('1 call waits')
  await nav(page, 'Dashboard').click()
  await expect(page.getByTestId('attention-held')).toHaveText('Calls to n8n held for "Held mailer" (1 call waiting): release once n8n is fixed')
  await page.getByTestId('attention-held').click()
  await expect(page.getByTestId('workflow-detail')).toContainText('Held mailer')
  expect(n8n.received.some((r) => r.body.flowgate.execution_id === execution)).toBe(false)
  await hold.getByRole('button', { name: 'Release 1 call' }).click()
  await expect.poll(() => n8n.received.some((r) => r.body.flowgate.execution_id === execution)).toBe(true)
  await expect(hold.getByRole('button', { name: 'Hold calls to n8n' })).toBeVisible()
  await nav(page, 'Dashboard').click()
  await expect(page.getByTestId('attention-held')).toHaveCount(0)
})
