import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, adminCall } from '../helpers/built-serve'
import { FakeN8n } from '../helpers/fake-n8n'
import { FakeOpenRouter } from '../helpers/fake-openrouter'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'

const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
const model = new FakeOpenRouter()
let serve: ServeProcess
builtServePerFile(
  () => ({ N8N_WEBHOOK_SECRET: SECRET, OPENROUTER_API_KEY: 'sk-or-e2e', OPENROUTER_BASE_URL: model.baseUrl, OPENROUTER_MODEL: 'e2e/model' }),
  [n8n, model],
  (started) => (serve = started),
)

const admin = (method: string, path: string, body?: unknown) => adminCall<{ id: number }>(serve, method, path, body)

test('the AI assessment is shown beside the request: what the model left for the operator, and what it approved', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', {
    workflow_name: 'Campaign sender',
    webhook_url: n8n.webhookUrl('campaign'),
    requires_approval: true,
    auto_approval_enabled: true,
    default_approval_type: 'email_send',
    default_priority: 'high',
  })
  const lead = { lead_score: 92, email_verified: true, recipient_count: 1, email: 'ada@example.com' }
  model.mode = { kind: 'verdict', confidence: 72, reasoning: 'The subject line reads like a bulk promotion', red_flags: ['bulk tone'] }
  await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { ...lead, lead_id: 'lead-1' } })
  await expect.poll(() => model.requests.length).toBe(1)

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/approvals`)
  const detail = page.getByTestId('approval-detail')
  await expect(detail.getByTestId('ai-rationale')).toContainText('Left for you')
  await expect(detail.getByTestId('ai-rationale')).toContainText('confidence 72%')
  await expect(detail.getByTestId('ai-rationale')).toContainText('e2e/model')
  await expect(detail.getByTestId('ai-rationale')).toContainText('363 tokens · $0.0004')
  await expect(detail.getByTestId('ai-rationale')).toContainText('The subject line reads like a bulk promotion')
  await expect(detail.getByTestId('red-flags').getByRole('listitem')).toHaveText(['bulk tone'])
  await page.screenshot({ path: test.info().outputPath('approval-ai-manual.png') })
  expect(await accessibilityViolations(page, 'approval with its AI assessment')).toEqual([])

  model.mode = { kind: 'verdict', confidence: 97, reasoning: 'Verified lead, one recipient' }
  await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { ...lead, lead_id: 'lead-2' } })
  await page.getByLabel('Status').selectOption('approved')
  await expect(page.getByTestId('approvals-count')).toContainText('1 approved approval')
  await expect(detail).toContainText('by auto-approval (auto)')
  await expect(detail.getByTestId('ai-rationale')).toContainText('Would approve · confidence 97%')
  await expect.poll(() => n8n.received.length).toBe(1)
})

test('a reason given before is offered beside the next such request, and one click gives it again', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Digest mailer', webhook_url: n8n.webhookUrl('digest-mailer') })
  const ask = (n8nId: string, title: string) =>
    fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET },
      body: JSON.stringify({ type: 'approval.requested', n8n_execution_id: n8nId, resume_url: n8n.resumeUrl(n8nId), approval_type: 'email_send', title }),
    })
  const pending = async () => ((await admin('GET', `/api/v1/approvals?status=pending&workflow_id=${workflow.id}`)) as unknown as { items: { id: number }[] }).items
  await ask('950', 'Send the first digest')
  await expect.poll(async () => (await pending()).length).toBe(1)
  await admin('POST', `/api/v1/approvals/${(await pending())[0]!.id}/reject`, { approver_name: 'e2e', reason: 'Wrong recipient list' })
  await ask('951', 'Send the second digest')
  await expect.poll(async () => (await pending()).length).toBe(1)
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/approvals/${(await pending())[0]!.id}`)
  const reasons = page.getByTestId('approval-detail').getByTestId('reasons-given')
  await expect(reasons.getByRole('button')).toHaveText(['“Wrong recipient list” rejected 1×'])
  await reasons.getByRole('button', { name: /Wrong recipient list/ }).click()
  await expect(page.getByRole('textbox', { name: 'Reason' })).toHaveValue('Wrong recipient list')
  await page.getByRole('button', { name: 'Reject (r)' }).click()
  await expect.poll(() => n8n.resumes.filter((r) => r.id === '951').map((r) => [r.body.decision, r.body.reason]), { timeout: 30_000 }).toEqual([['rejected', 'Wrong recipient list']])
})

test('what an approval would send is shown as its reader sees it, links with where they really go, and follows changes', async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', { workflow_name: 'Newsletter', webhook_url: n8n.webhookUrl('newsletter') })
  const html = `<html><head><style>p{color:red}</style></head><body><h1>Spring offer</h1>
    <p>Dear customer, your discount is <b>ready</b>.</p>
    <p><a href="https://acme.com/offer">See the offer</a> or <a href="https://login.acme-billing.example.net/pay">www.acme.com/billing</a></p>
    <img src="https://pixel.tracker.example/open.gif"><script>document.title = 'ran'</script></body></html>`
  const data = { subject: 'Spring offer for {{ $json.first_name }}', to: ['ada@example.com', 'bob@example.com'], recipient_count: 1240, html }
  const answer = await fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-n8n-signature': SECRET },
    body: JSON.stringify({ type: 'approval.requested', n8n_execution_id: '970', resume_url: n8n.resumeUrl('970'), approval_type: 'email_send', title: 'Send the spring newsletter', data }),
  })
  expect(answer.status).toBe(202)
  const pending = async () => ((await admin('GET', `/api/v1/approvals?status=pending&workflow_id=${workflow.id}`)) as unknown as { items: { id: number }[] }).items
  await expect.poll(async () => (await pending()).length).toBe(1)
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/approvals/${(await pending())[0]!.id}`)

  // The inbox row warns before the request is opened.
  await expect(page.getByRole('option', { name: /Send the spring newsletter/ })).toContainText('⚠ a link leads elsewhere than it says · ⚠ n8n expression unevaluated')
  const preview = page.getByTestId('approval-detail').getByTestId('message-preview')
  await expect(preview.getByTestId('preview-to')).toHaveText('ada@example.com, bob@example.com and 1,238 more')
  await expect(preview.getByTestId('preview-subject')).toHaveText('Spring offer for {{ $json.first_name }}')
  await expect(preview.getByTestId('preview-unevaluated')).toHaveText('n8n sent {{ $json.first_name }} as text: an expression that was never evaluated — every recipient would read it as written')
  await expect(preview.getByTestId('preview-body')).toHaveText('Spring offer\n\nDear customer, your discount is ready.\n\nSee the offer or www.acme.com/billing')
  await expect(preview).toContainText('HTML shown as text; 1 image from elsewhere not loaded')
  await expect(preview.getByTestId('preview-links-summary')).toHaveText('2 links: 1 whose words name another site than where it goes')
  await expect(preview.getByTestId('preview-links').getByRole('listitem')).toHaveText([
    '“www.acme.com/billing” → https://login.acme-billing.example.net/pay — goes to login.acme-billing.example.net, not where its words say',
    '“See the offer” → https://acme.com/offer',
  ])
  // Shown, never rendered or followed: no link to click, the page's script never ran.
  await expect(preview.getByRole('link')).toHaveCount(0)
  expect(await page.title()).not.toBe('ran')
  await page.screenshot({ path: test.info().outputPath('approval-message-preview.png') })
  expect(await accessibilityViolations(page, 'approval with what it sends')).toEqual([])

  // The preview follows the data being changed before approval.
  await page.getByRole('button', { name: 'Change before approving (e)' }).click()
  const editor = page.getByRole('textbox', { name: 'Data to approve' })
  await editor.fill(JSON.stringify({ ...data, subject: 'Spring offer, last days' }, null, 2))
  await expect(preview.getByTestId('preview-subject')).toHaveText('Spring offer, last days')
  await expect(preview.getByTestId('preview-unevaluated')).toHaveCount(0)
})

test("what the model costs shows beside the approvals, and a spent day's budget leads to where it is raised", async ({ page }) => {
  const workflow = await admin('POST', '/api/v1/workflows', {
    workflow_name: 'Budgeted sender',
    webhook_url: n8n.webhookUrl('budgeted'),
    requires_approval: true,
    auto_approval_enabled: true,
    default_approval_type: 'email_send',
  })
  const lead = { lead_score: 92, email_verified: true, recipient_count: 1, email: 'grace@example.com' }
  model.mode = { kind: 'verdict', confidence: 97, reasoning: 'Verified lead, one recipient' }
  const spentBefore = (await adminCall<{ ai_usage: { today: { cost: number } } }>(serve, 'GET', '/api/v1/approvals/stats')).ai_usage.today.cost
  const asked = model.requests.length

  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/settings`)
  const group = page.getByTestId('settings-approvals')
  // Room for one more call: the next one spends the day's budget.
  await group.getByLabel('AI spend per day at most').fill((spentBefore + 0.0003).toFixed(5))
  await group.getByRole('button', { name: 'Save' }).click()
  await expect(group).toContainText('Saved')

  await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { ...lead, lead_id: 'budget-1' } })
  await expect.poll(() => model.requests.length).toBe(asked + 1)
  await admin('POST', `/api/v1/workflows/${workflow.id}/trigger`, { input_data: { ...lead, lead_id: 'budget-2' } })
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
  await page.keyboard.press('g')
  await page.keyboard.press('d')
  const attention = page.getByTestId('attention-ai-budget')
  await expect(attention).toContainText("Today's AI budget is spent")
  await expect(page.getByTestId('ai-spend-today')).toContainText('spent: approvals wait for you until midnight UTC')
  await expect(page.getByTestId('ai-spend-month')).toHaveText(/^\$0\.\d{3,4} · \d+ calls? · [\d.]+K? tokens$/)
  expect(model.requests.length).toBe(asked + 1)
  await attention.click()
  await expect(page.getByTestId('settings-ai-spend')).toContainText('The model today:')
})
