import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { FakeOpenRouter } from '../helpers/fake-openrouter'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import type { AiUsage } from '../../src/shared/schemas/approvals'

const goodLead = { lead_score: 92, email_verified: true, email: 'ceo@acme.com', recipient_count: 3 }
const HOUR = 3_600_000

describe("what the model costs: every call's usage kept, summed, and capped per day", () => {
  let c: RunningCore
  let model: FakeOpenRouter
  let n8n: FakeN8n
  let workflowId: number

  beforeEach(async () => {
    model = new FakeOpenRouter()
    n8n = new FakeN8n()
    await Promise.all([model.start(), n8n.start()])
    c = await startTestCore({
      N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      OPENROUTER_API_KEY: 'sk-or-test-key',
      OPENROUTER_BASE_URL: model.baseUrl,
      OPENROUTER_MODEL: 'test/model',
      OPENROUTER_TIMEOUT_SECONDS: '1',
    })
    const workflow = await c.admin('POST', '/api/v1/workflows', {
      workflow_name: 'Outreach',
      webhook_url: n8n.webhookUrl('outreach'),
      requires_approval: true,
      auto_approval_enabled: true,
      default_approval_type: 'email_send',
    })
    workflowId = workflow.body.id as number
  })
  afterEach(async () => {
    await c.close()
    await Promise.all([model.stop(), n8n.stop()])
  })

  /** A gated run's approval, once the auto-approver has looked at it. */
  const requested = async () => {
    const execution = (await c.admin('POST', `/api/v1/workflows/${workflowId}/trigger`, { input_data: goodLead })).body.id as number
    await c.core.internals.autoApprover.idle()
    const approvalId = c.core.internals.database.sqlite.prepare('select id from workflow_approvals where execution_id = ?').pluck().get(execution) as number
    return (await c.admin('GET', `/api/v1/approvals/${approvalId}`)).body
  }
  const usage = async () => (await c.admin('GET', '/api/v1/approvals/stats')).body.ai_usage as AiUsage

  it('counts calls, failures, tokens and credits today and over 30 days, by model', async () => {
    expect(await usage()).toEqual({
      today: { calls: 0, failed: 0, prompt_tokens: 0, completion_tokens: 0, cost: 0, unpriced_calls: 0 },
      last_30_days: { calls: 0, failed: 0, prompt_tokens: 0, completion_tokens: 0, cost: 0, unpriced_calls: 0 },
      daily_budget: null,
      by_model: [],
    })
    expect((await requested()).status).toBe('approved')
    model.mode = { kind: 'malformed' }
    expect((await requested()).auto_reason).toBe('the model did not answer JSON')
    model.mode = { kind: 'http-error', status: 502 }
    expect((await requested()).status).toBe('pending')
    c.clock.advance(48 * HOUR)
    model.mode = { kind: 'verdict', confidence: 97 }
    model.costPerCall = undefined
    expect((await requested()).status).toBe('approved')

    const now = await usage()
    // Today: the call whose answer did not say its cost is counted, but not priced.
    expect(now.today).toEqual({ calls: 1, failed: 0, prompt_tokens: 321, completion_tokens: 42, cost: 0, unpriced_calls: 1 })
    // An unusable answer still cost what it used; an error without an answer cost nothing known.
    expect(now.last_30_days).toMatchObject({ calls: 4, failed: 2, prompt_tokens: 321 * 3, completion_tokens: 42 * 3, unpriced_calls: 2 })
    expect(now.last_30_days.cost).toBeCloseTo(0.00084, 10)
    expect(now.by_model).toEqual([{ model: 'test/model', ...now.last_30_days }])
    c.clock.advance(31 * 24 * HOUR)
    expect((await usage()).last_30_days.calls).toBe(0)
  })

  it('stops asking the model once the day has cost the budget, says so once, and asks again the next day', async () => {
    model.costPerCall = 0.0006
    const saved = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { AUTO_APPROVAL_DAILY_BUDGET: '0.001' } })
    expect(saved.status).toBe(200)
    const spentToday = async () => (await c.admin('GET', '/api/v1/monitoring/dashboard')).body.ai_budget_spent
    expect((await requested()).status).toBe('approved')
    expect(await spentToday()).toBeNull()
    expect((await requested()).status).toBe('approved')
    const waiting = await requested()
    expect(waiting).toMatchObject({ status: 'pending', auto_outcome: 'manual' })
    expect(waiting.auto_reason).toBe("today's AI budget is spent ($0.0012 of $0.0010, AUTO_APPROVAL_DAILY_BUDGET); approvals wait for you until midnight UTC")
    expect((await requested()).status).toBe('pending')
    expect(model.requests).toHaveLength(2)
    expect(await usage()).toMatchObject({ daily_budget: 0.001, today: { calls: 2 } })
    expect(await spentToday()).toEqual({ spent: 0.0012, budget: 0.001 })

    await c.core.internals.monitor.flush()
    const events = await c.admin('GET', '/api/v1/monitoring/events?event_type=ai_budget_spent')
    const said = events.body.items as object[]
    expect(said).toHaveLength(1)
    expect(said[0]).toMatchObject({ severity: 'warning', event_data: { spent: 0.0012, budget: 0.001 } })

    c.clock.set(Date.UTC(2026, 0, 2, 0, 0, 1))
    expect(await spentToday()).toBeNull()
    expect((await requested()).status).toBe('approved')
    expect(model.requests).toHaveLength(3)
  })

  it('refuses a budget that is not a number of credits, and changes nothing', async () => {
    const refused = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { AUTO_APPROVAL_DAILY_BUDGET: '-1' } })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({ message: 'Invalid configuration: AUTO_APPROVAL_DAILY_BUDGET="-1": Too small: expected number to be >=0' })
    expect((await usage()).daily_budget).toBeNull()
  })
})
