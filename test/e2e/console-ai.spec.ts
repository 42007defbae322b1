import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, startBuiltServe, stopBuiltServe, adminCall } from '../helpers/built-serve'
import { FakeN8n } from '../helpers/fake-n8n'
import { FakeOpenRouter } from '../helpers/fake-openrouter'
import type { ServeProcess } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'

const SECRET = 'e2e-webhook-secret-0123456789'
const n8n = new FakeN8n()
const model = new FakeOpenRouter()
let serve: ServeProcess
let cleanup: () => void

test.beforeAll(async () => {
  const temp = tempDir()
  cleanup = temp.cleanup
  await Promise.all([n8n.start(), model.start()])
  serve = await startBuiltServe(temp.dir, { N8N_WEBHOOK_SECRET: SECRET, OPENROUTER_API_KEY: 'sk-or-e2e', OPENROUTER_BASE_URL: model.baseUrl, OPENROUTER_MODEL: 'e2e/model' })
})

test.afterAll(async () => {
  await stopBuiltServe(serve)
  await Promise.all([n8n.stop(), model.stop()])
  cleanup()
})

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
  await expect(detail.getByTestId('ai-rationale')).toContainText('The subject line reads like a bulk promotion')
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
