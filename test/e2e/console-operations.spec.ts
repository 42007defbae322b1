import { expect, test } from '@playwright/test'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import { consoleSession, nav, shot } from '../helpers/console-session'
import { FakeN8n } from '../helpers/fake-n8n'

// The operator's routine over a workflow that has run once: bulk decisions, a failed webhook,
// settings across a restart, a template installed in n8n.
const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
const { serve, admin, restart } = consoleSession(n8n, { N8N_WEBHOOK_SECRET: SECRET, AUTO_APPROVAL_ENABLED: 'false', APPROVAL_UNDO_SECONDS: '8' })

test.beforeAll(async () => {
  // Lead Qualification, gated by an approval, has run once to completion.
  const workflow = (await admin('POST', '/api/v1/workflows', { workflow_name: 'Lead Qualification', webhook_url: n8n.webhookUrl('lead'), trigger_events: ['lead.created'], requires_approval: true })) as { id: number }
  const execution = (await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { trigger_event: 'lead.created', input_data: { lead_score: 91 } })) as { id: number }
  const approval = ((await admin('GET', '/api/v1/approvals?status=pending')) as { items: { id: number }[] }).items[0]!
  await admin('POST', `/api/v1/approvals/${approval.id}/approve`, { approver_name: 'e2e' })
  await expect.poll(async () => ((await admin('GET', `/api/v1/executions/${execution.id}`)) as { status: string }).status, { timeout: 20_000 }).toBe('completed')
})

test('every approval shown is rejected at once after a confirmation, and one Undo takes them all back', async ({ page }) => {
  const workflows = (await admin('GET', '/api/v1/workflows')) as { items: { id: number }[] }
  for (let i = 0; i < 2; i++) await admin('POST', `/api/v1/workflows/${workflows.items[0]!.id}/trigger`, { trigger_event: 'lead.created', input_data: { n: i } })
  await nav(page, 'Approvals').click()
  await expect(page.getByTestId('approvals-count')).toContainText('2 pending approvals')
  await page.getByRole('button', { name: 'Reject all shown…' }).click()
  await expect(page.getByTestId('decide-shown-confirm')).toContainText('Reject the 2 pending approvals shown, not only those loaded?')
  await page.getByRole('button', { name: 'Reject them' }).click()
  await expect(page.getByTestId('inbox-notice')).toHaveText('2 rejected')
  await page.getByTestId('undo-offer').first().click()
  await expect(page.getByTestId('inbox-notice')).toHaveText('Undone: 2 decisions, pending again, nothing was sent')
  await expect(page.getByRole('listbox', { name: 'Approvals' }).getByRole('option')).toHaveCount(2)
  await expect(page.getByRole('listbox', { name: 'Approvals' })).not.toContainText('not sent yet')
  await admin('POST', '/api/v1/approvals/bulk-action', { filter: {}, action: 'rejected', approver_name: 'e2e' })
  await expect(page.getByText('Nothing waits for you')).toBeVisible()
})

test('a failed webhook is inspected and replayed', async ({ page }) => {
  const workflows = (await admin('GET', '/api/v1/workflows')) as { items: { id: number }[] }
  const response = await fetch(`${serve().line.public}/api/v1/webhooks/n8n/${workflows.items[0]!.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET },
    body: JSON.stringify({ type: 'execution.completed', execution_id: 999 }),
  })
  expect(response.status).toBe(202)
  const { queued } = (await response.json()) as { queued: number }

  await nav(page, 'Webhook queue').click()
  await expect(page.getByTestId('queue-counts')).toContainText('(kept 30 days)')
  // Found by what it carries, among all statuses.
  await page.getByLabel('Status').selectOption({ label: 'All' })
  const search = page.getByLabel('Search webhooks')
  await search.fill('"execution_id":999')
  await search.press('Enter')
  await expect(page.getByRole('listbox', { name: 'Queue items' }).getByRole('option')).toHaveCount(1)
  await expect(page.getByTestId('queue-matches')).toHaveText('1 webhook matches “"execution_id":999”')
  await expect(page.getByRole('button', { name: 'Replay the failed ones shown' })).toBeVisible()
  const row = page.getByTestId(`queue-row-${queued}`)
  await expect(row).toBeVisible()
  await row.click()
  await expect(page.getByTestId('queue-detail')).toContainText('Execution 999 does not belong to workflow')
  await expect(page.getByTestId('queue-detail').getByLabel('Headers')).not.toContainText(SECRET)
  await shot(page, 'queue')
  await page.getByRole('button', { name: 'Replay', exact: true }).click()
  await expect(page.getByTestId('queue-notice')).toHaveText(`Replayed: item ${queued} is queued`)
  await expect(page.getByTestId('queue-detail').locator('.timeline')).toContainText('replayed')
  // The open webhook follows the queue, whoever moves it: replayed from elsewhere, it fails again here.
  const attempts = page.getByTestId('queue-detail').locator('.timeline li')
  await expect(attempts).toHaveCount(3)
  await admin('POST', `/api/v1/webhooks/queue/${queued}/replay`)
  await expect(attempts).toHaveCount(5)
  await expect(attempts.last()).toContainText('failed')

  // A badly signed request is recorded under no workflow.
  const forged = await fetch(`${serve().line.public}/api/v1/webhooks/n8n/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-n8n-signature': 'not-the-secret' },
    body: JSON.stringify({ event: 'x', data: {} }),
  })
  expect(forged.status).toBe(401)
  // The dashboard says so at once, and leads to the refusals in the activity log.
  await nav(page, 'Dashboard').click()
  const refused = page.getByTestId('attention-refused')
  await expect(refused).toHaveText(/^1 webhook refused for its signature in 24 h, the latest .+: X-N8N-Signature does not match the configured secret$/)
  await refused.click()
  await expect(page.getByTestId('events-table').getByRole('row').filter({ hasText: 'webhook_rejected' })).toHaveCount(1)
  await page.getByPlaceholder('Search events: a lead, an error, an action…').fill('')

  const events = page.getByTestId('events-table')
  await expect(events).toContainText('execution_completed')
  await expect(events).toContainText('webhook_rejected')
  await expect(page.getByTestId('errors-table')).toContainText('webhook_failed')
  // Events say what their data means: the rejected request's reason, the failed item's error.
  await expect(events.getByRole('row').filter({ hasText: 'webhook_rejected' }).first()).toContainText('X-N8N-Signature does not match')
  await shot(page, 'monitoring')
  // One workflow's events only; the errors panel still shows everything that went wrong.
  await page.getByLabel('Workflow', { exact: true }).selectOption({ label: 'Lead Qualification' })
  await expect(events).not.toContainText('webhook_rejected')
  await expect(events).toContainText('execution_completed')
  await expect(page.getByRole('heading', { name: 'Events · Lead Qualification' })).toBeVisible()
  await expect(page.getByTestId('errors-table')).toContainText('webhook_failed')

  // Replayed, it failed again for good: cleared after a confirmation, with the search still set.
  await nav(page, 'Webhook queue').click()
  await page.getByLabel('Status').selectOption({ label: 'failed' })
  await expect(page.getByTestId('queue-matches')).toHaveText('1 webhook matches “"execution_id":999”')
  await page.getByRole('button', { name: 'Delete all shown…' }).click()
  await expect(page.getByTestId('delete-shown-confirm')).toContainText('Delete the 1 failed webhook shown, not only those loaded?')
  await page.getByRole('button', { name: 'Delete them' }).click()
  await expect(page.getByTestId('queue-notice')).toHaveText('Deleted: 1 item(s)')
  await expect(page.getByText('No failed webhooks')).toBeVisible()
})

test('settings are saved, survive a restart, and show the console token and log path', async ({ page }) => {
  await nav(page, 'Settings').click()
  const retention = page.getByTestId('settings-logs')
  await expect(page.getByTestId('log-path')).toContainText('logs/flowgate.log')
  await retention.getByLabel('Keep events for (days)').fill('45')
  await retention.getByRole('button', { name: 'Save' }).click()
  await expect(retention.getByText('Saved')).toBeVisible()
  await expect(page.getByTestId('settings-secret')).toContainText('Set by the environment')
  await page.getByTestId('settings-access').getByRole('button', { name: 'Show' }).click()
  await expect(page.getByTestId('admin-token')).toHaveText(TOKEN)
  await page.getByRole('button', { name: 'Self-test through the tunnel' }).click()
  await expect(page.getByTestId('tunnel-check')).toContainText('Set FLOWGATE_PUBLIC_URL')
  await shot(page, 'settings')

  await restart()
  await page.goto(`${serve().line.admin}/login?token=${TOKEN}`)
  await nav(page, 'Settings').click()
  await expect(page.getByTestId('settings-logs').getByLabel('Keep events for (days)')).toHaveValue('45')
  // With a tunnel URL, Flowgate checks it every minute and the panel says how it went.
  const tunnel = page.getByTestId('settings-tunnel')
  await expect(tunnel.getByTestId('tunnel-watch')).toHaveCount(0)
  await tunnel.getByLabel('Public (tunnel) URL').fill(serve().line.public)
  await tunnel.getByRole('button', { name: 'Save' }).click()
  await expect(tunnel.getByTestId('tunnel-watch')).toHaveText(/^Checked every minute: Reached Flowgate through http:\/\/127\.0\.0\.1:\d+ and the webhook secret matches in \d+ ms/)
})

test("a template goes straight into n8n from the workflow's page, and the workflow then dispatches to it", async ({ page }) => {
  await nav(page, 'Workflows').click()
  await page.getByTestId('workflow-row-1').click()
  const install = page.getByRole('button', { name: 'Install Follow-up Automation in n8n' })
  await expect(install).toBeDisabled()
  await expect(page.getByText('Connect the n8n API in Settings')).toBeVisible()

  await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey } })
  await expect(install).toBeEnabled()
  await install.click()
  await expect(page.getByTestId('template-outcome')).toHaveText('Installed in n8n as "Flowgate · Follow-up Automation" (active); this workflow now dispatches to it')
  const created = n8n.workflows.at(-1)!
  await expect(page.getByRole('link', { name: 'Open it in n8n' })).toHaveAttribute('href', `${n8n.base}/workflow/${created.id}`)
  await expect(page.getByTestId('n8n-workflow').getByRole('link')).toHaveAttribute('href', `${n8n.base}/workflow/${created.id}`)
  await expect(page.getByTestId('workflow-detail')).toContainText(new RegExp(`${n8n.base}/webhook/flowgate-follow-up-1-[0-9a-f]{6}`))
  expect(n8n.credentials.map((c) => c.data)).toEqual([{ name: 'X-N8N-Signature', value: SECRET }])
  await shot(page, 'template-installed')

  // A run through the installed workflow links to itself in n8n's editor.
  const execution = (await admin('POST', '/api/v1/workflows/1/trigger', { trigger_event: 'lead.created' })) as { id: number }
  const approval = ((await admin('GET', '/api/v1/approvals?status=pending')) as { items: { id: number }[] }).items[0]!
  await admin('POST', `/api/v1/approvals/${approval.id}/approve`, { approver_name: 'e2e' })
  await page.goto(`${serve().line.admin}/#/executions/${execution.id}`)
  const detail = page.getByTestId('execution-detail')
  await expect(detail).toContainText('completed')
  const n8nRun = n8n.received.at(-1)!
  expect(n8nRun.path).toMatch(/^flowgate-follow-up-1-[0-9a-f]{6}$/)
  await expect(detail.getByRole('link', { name: /^n8n execution \d+$/ })).toHaveAttribute('href', new RegExp(`^${n8n.base}/workflow/${created.id}/executions/\\d+$`))
})
