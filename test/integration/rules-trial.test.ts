import { describe, expect, it } from 'vitest'
import type { RulesTrial } from '../../src/shared/schemas/auto-rules'
import { approvalRequests, coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import type { RunningCore } from '../helpers/core'
import type { FakeN8n } from '../helpers/fake-n8n'

const lenient = { email_send: { min_lead_score_to_ask: 70, min_lead_score_to_approve: 70, max_recipients: 1000, require_verified_email: false } }
const byRule = (left: RulesTrial['current']['left_to_you']) => Object.fromEntries(left.map(({ rule, count }) => [rule, count]))

describe('trying auto-approval rules on past decisions', () => {
  let c: RunningCore
  let n8n: FakeN8n
  coreAndFakeN8nPerTest({ APPROVAL_UNDO_SECONDS: '0' }, (core, fake) => ((c = core), (n8n = fake)))
  const { n8nAsks } = approvalRequests(() => c, () => n8n)

  /** n8n asks, with this data, and a person decides: the approval's id. */
  let asked = 0
  const decided = async (workflowId: number, data: object, decision: 'approve' | 'reject') => {
    asked += 1
    const id = await n8nAsks(workflowId, `trial-${asked}`, { data: { email: `lead${asked}@acme.com`, email_verified: true, recipient_count: 1, ...data } })
    c.clock.advance(1_000)
    expect((await c.admin('POST', `/api/v1/approvals/${id}/${decision}`, { approver_name: 'Ada' })).status).toBe(200)
    return id
  }
  const workflow = async (name: string, auto: boolean) =>
    (await c.admin('POST', '/api/v1/workflows', { workflow_name: name, webhook_url: n8n.webhookUrl(name), auto_approval_enabled: auto })).body.id as number

  it('says how many a confident model could have approved, which of those were rejected, and what left the rest to a person', async () => {
    const mailer = await workflow('mailer', true)
    const manualOnly = await workflow('manual-only', false)
    await decided(mailer, { lead_score: 90 }, 'approve')
    const risky = await decided(mailer, { lead_score: 92 }, 'reject')
    await decided(mailer, { lead_score: 75 }, 'approve')
    await decided(mailer, { lead_score: 60 }, 'reject')
    await decided(mailer, { lead_score: 95, email_verified: false }, 'approve')
    await decided(mailer, { lead_score: 95, email: 'x@mailinator.com' }, 'reject')
    await decided(manualOnly, { lead_score: 99 }, 'approve')
    // The model's own decisions and those still waiting are not a person's: left out.
    const byModel = await decided(mailer, { lead_score: 99 }, 'approve')
    c.core.internals.database.sqlite.prepare("update workflow_approvals set decision_source = 'auto' where id = ?").run(byModel)
    await n8nAsks(mailer, 'still-waiting', { data: { lead_score: 99 } })

    const answer = await c.admin('POST', '/api/v1/approvals/try-rules', { rules: lenient })
    expect(answer.status).toBe(200)
    const trial = answer.body as unknown as RulesTrial
    expect(trial).toMatchObject({ considered: 7, model_answered: 0, approved: 4, rejected: 3 })
    expect(trial.current).toMatchObject({ could_approve: 2, could_approve_rejected: { count: 1, ids: [risky] } })
    expect(byRule(trial.current.left_to_you)).toEqual({ score_to_approve: 1, score_to_ask: 1, unverified_email: 1, disposable_email: 1, workflow_off: 1 })
    // Lower scores to approve and no verified email: two more could go, the rejected one is still the only risk.
    expect(trial.proposed).toMatchObject({ could_approve: 4, could_approve_rejected: { count: 1, ids: [risky] } })
    expect(byRule(trial.proposed.left_to_you)).toEqual({ score_to_ask: 1, disposable_email: 1, workflow_off: 1 })

    // The operator's blocked words and domains, tried before they are saved: the rejected one mentioned a refund.
    c.core.internals.database.sqlite.prepare("update workflow_approvals set approval_title = 'Promise a Refund' where id = ?").run(risky)
    const withBlocked = async (blocked: object) => (await c.admin('POST', '/api/v1/approvals/try-rules', { rules: lenient, ...blocked })).body as unknown as RulesTrial
    const words = await withBlocked({ blocked_words: ['refund'] })
    expect(words.current).toEqual(trial.current)
    expect(words.proposed).toMatchObject({ could_approve: 3, could_approve_rejected: { count: 0, ids: [] } })
    expect(byRule(words.proposed.left_to_you)).toEqual({ blocked_word: 1, score_to_ask: 1, disposable_email: 1, workflow_off: 1 })
    // Every lead of the mailer but the disposable one is at acme.com (checked before the words).
    const domains = await withBlocked({ blocked_words: ['refund'], blocked_domains: ['ACME.com'] })
    expect(byRule(domains.proposed.left_to_you)).toEqual({ blocked_domain: 4, score_to_ask: 1, disposable_email: 1, workflow_off: 1 })

    // The latest few only, newest first: the last two decided were the manual-only approval and the disposable address.
    const latest = (await c.admin('POST', '/api/v1/approvals/try-rules', { rules: {}, limit: 2 })).body as unknown as RulesTrial
    expect(latest).toMatchObject({ considered: 2, approved: 1, rejected: 1 })
    expect(byRule(latest.proposed.left_to_you)).toEqual({ disposable_email: 1, workflow_off: 1 })
    expect(latest.since).toBeGreaterThan(trial.since!)
  })

  it('refuses rules it could not apply, saying which field is wrong, and changes nothing', async () => {
    const before = await c.admin('POST', '/api/v1/rpc/settings.get', {})
    expect(before.status).toBe(200)
    for (const [rules, message, blocked] of [
      [{ email_send: { ...lenient.email_send, min_lead_score_to_ask: 150 } }, /min_lead_score_to_ask/],
      [{ email_send: { min_lead_score_to_ask: 70 } }, /min_lead_score_to_approve/],
      [{ email_send: { ...lenient.email_send, colour: 'red' } }, /colour/],
      ['not rules', /rules/],
      [{}, /blocked_domains/, { blocked_domains: ['localhost'] }],
      [{}, /blocked_words/, { blocked_words: ['  '] }],
      [{}, /confidence_threshold/, { confidence_threshold: 101 }],
    ] as [unknown, RegExp, object?][]) {
      const answer = await c.admin('POST', '/api/v1/approvals/try-rules', { rules, ...blocked })
      expect(answer.status).toBe(400)
      expect(answer.body.message).toMatch(message)
    }
    expect((await c.admin('POST', '/api/v1/rpc/settings.get', {})).body).toEqual(before.body)
    expect(c.events('operator_action')).toEqual([])
  })

  it('answers with nothing to try on a fresh install', async () => {
    const trial = (await c.admin('POST', '/api/v1/approvals/try-rules', { rules: lenient })).body as unknown as RulesTrial
    expect(trial).toEqual({
      considered: 0,
      model_answered: 0,
      approved: 0,
      rejected: 0,
      since: null,
      current: { could_approve: 0, could_approve_rejected: { count: 0, ids: [] }, left_to_you: [] },
      proposed: { could_approve: 0, could_approve_rejected: { count: 0, ids: [] }, left_to_you: [] },
    })
  })
})
