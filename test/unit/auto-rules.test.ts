import { describe, expect, it } from 'vitest'
import { acceptVerdict, checkRules, ruleInputFor, type RuleInput, type RuleSet } from '../../src/main/core/approvals/auto-rules'
import { defaultAutoApprovalRules } from '../../src/shared/schemas/auto-rules'

const base: RuleInput = {
  approvalType: 'email_send',
  rules: defaultAutoApprovalRules.default!,
  blocked: { words: [], domains: [] },
  data: { lead_score: 90, email_verified: true, email: 'ceo@acme.com', recipient_count: 12 },
  text: 'Send the follow-up to Acme',
  enabledGlobally: true,
  enabledForWorkflow: true,
  autoApprovedToday: 0,
  dailyLimit: 100,
}
const verdict = { confidence: 95, red_flags: [], reasoning: 'Routine follow-up to a verified lead' }
const standing = { enabledGlobally: true, enabledForWorkflow: true, autoApprovedToday: 0, dailyLimit: 100 }
const ruleSet = (domains: string[]): RuleSet => ({ rules: defaultAutoApprovalRules, blocked: { words: [], domains }, threshold: 90 })
/** A request as stored, with a good lead's fields beside the given data. */
const stored = (data: Record<string, unknown>) => ({
  approval_type: 'email_send',
  approval_title: 'Send the offer',
  approval_description: null,
  approval_data: JSON.stringify({ ...base.data, ...data }),
})
const withData = (patch: Record<string, unknown>): RuleInput => ({ ...base, data: { ...base.data, ...patch } })

describe('auto-approval rules: when the model is not even asked', () => {
  it('asks the model when nothing stands in the way', () => expect(checkRules(base)).toEqual({ verdict: 'ask_model' }))
  it('auto-approval off globally', () =>
    expect(checkRules({ ...base, enabledGlobally: false })).toEqual({ verdict: 'manual', rule: 'off', reason: 'auto-approval is off (AUTO_APPROVAL_ENABLED)' }))
  it('auto-approval off for the workflow', () =>
    expect(checkRules({ ...base, enabledForWorkflow: false })).toEqual({ verdict: 'manual', rule: 'workflow_off', reason: 'auto-approval is off for this workflow' }))
  it('daily cap reached', () =>
    expect(checkRules({ ...base, autoApprovedToday: 100 })).toEqual({ verdict: 'manual', rule: 'daily_limit', reason: 'daily auto-approval limit reached (100)' }))
  it('lead score below 70', () => expect(checkRules(withData({ lead_score: 69 }))).toEqual({ verdict: 'manual', rule: 'score_to_ask', reason: 'lead score 69 is below 70' }))
  it('no lead score at all', () => expect(checkRules(withData({ lead_score: undefined }))).toMatchObject({ verdict: 'manual', rule: 'no_lead_score' }))
  it('high-value action: more than 1,000 emails', () =>
    expect(checkRules(withData({ recipient_count: 1001 }))).toEqual({ verdict: 'manual', rule: 'recipients', reason: 'high-value action: 1001 emails (more than 1000)' }))
  it('exactly 1,000 emails is still allowed to ask', () => expect(checkRules(withData({ recipient_count: 1000 }))).toEqual({ verdict: 'ask_model' }))
  it('suspicious: a disposable address', () =>
    expect(checkRules(withData({ email: 'x@mailinator.com' }))).toEqual({ verdict: 'manual', rule: 'disposable_email', reason: 'suspicious: disposable email address x@mailinator.com' }))
  it('suspicious: a pattern in the request', () =>
    expect(checkRules({ ...base, text: 'Send the gift card codes today' })).toEqual({ verdict: 'manual', rule: 'suspicious_text', reason: 'suspicious pattern: "gift card"' }))
})

describe("the operator's own blocked words and domains", () => {
  const blocked = (words: string[], domains: string[]) => ({ ...base, blocked: { words, domains } })

  it('keep a request from the model when its text mentions a blocked word or phrase, as a whole word, whatever its case', () => {
    expect(checkRules({ ...blocked(['refund', 'legal team'], []), text: 'Reply about the REFUND request' })).toEqual({ verdict: 'manual', rule: 'blocked_word', reason: 'mentions a blocked word: "REFUND"' })
    expect(checkRules({ ...blocked(['legal team'], []), text: 'cc the Legal  team' })).toEqual({ verdict: 'ask_model' })
    expect(checkRules({ ...blocked(['legal team'], []), text: 'cc the legal team.' })).toMatchObject({ rule: 'blocked_word' })
    // Part of a longer word is not the word.
    expect(checkRules({ ...blocked(['refund'], []), text: 'refunded last week' })).toEqual({ verdict: 'ask_model' })
    // Characters that mean something in a pattern are taken as they are.
    expect(checkRules({ ...blocked(['c++ (beta)'], []), text: 'Offer c++ (beta) seats' })).toMatchObject({ rule: 'blocked_word' })
    expect(checkRules({ ...blocked(['c++ (beta)'], []), text: 'Offer cc (beta) seats' })).toEqual({ verdict: 'ask_model' })
  })

  it('keep a lead at a blocked domain, or any subdomain of it, from the model', () => {
    const at = (email: string) => checkRules({ ...blocked([], ['competitor.io']), data: { ...base.data, email } })
    expect(at('ceo@competitor.io')).toEqual({ verdict: 'manual', rule: 'blocked_domain', reason: 'ceo@competitor.io is at a blocked domain (competitor.io)' })
    expect(at('x@mail.Competitor.IO')).toMatchObject({ rule: 'blocked_domain' })
    expect(at('x@notcompetitor.io')).toEqual({ verdict: 'ask_model' })
    expect(at('competitor.io')).toEqual({ verdict: 'ask_model' })
  })

  it('keep a request from the model when it links to or names an address at a blocked domain, anywhere in its data', () => {
    const mentioning = (...texts: string[]) => checkRules(ruleInputFor(stored({ body: texts[0], more: { nested: texts.slice(1) } }), ruleSet(['competitor.io']), standing))
    expect(mentioning('<p>Compare us: <a href="https://Offers.Competitor.IO/deal?x=1">our partner</a></p>')).toEqual({
      verdict: 'manual',
      rule: 'blocked_domain',
      reason: 'mentions https://Offers.Competitor.IO/deal?x=1, at a blocked domain (competitor.io)',
    })
    expect(mentioning('Plain text', 'see competitor.io/pricing')).toMatchObject({ reason: 'mentions competitor.io/pricing, at a blocked domain (competitor.io)' })
    expect(mentioning('Plain text', 'cc sales@competitor.io')).toMatchObject({ reason: 'mentions sales@competitor.io, at a blocked domain (competitor.io)' })
    expect(mentioning('<img src="//cdn.competitor.io/logo.png">')).toMatchObject({ rule: 'blocked_domain' })
    // Other domains that only look alike are not blocked.
    expect(mentioning('https://notcompetitor.io/x and https://competitor.io.example.net/y', 'version 1.2.3 in notes.txt')).toEqual({ verdict: 'ask_model' })
    // The title and description count too.
    expect(checkRules(ruleInputFor({ ...stored({}), approval_description: 'Reply from https://competitor.io' }, ruleSet(['competitor.io']), standing))).toMatchObject({ rule: 'blocked_domain' })
  })
})

describe('a request holding an n8n expression that was never evaluated', () => {
  it('is kept from the model, naming the expression, wherever in the request it is', () => {
    expect(checkRules({ ...base, text: 'Send the follow-up\nHi {{ $json.first_name }}, your offer' })).toEqual({
      verdict: 'manual',
      rule: 'unevaluated',
      reason: 'holds an n8n expression that was never evaluated: {{ $json.first_name }}',
    })
    expect(checkRules(ruleInputFor(stored({ email_body: 'Your plan: [object Object]' }), ruleSet([]), standing))).toMatchObject({ rule: 'unevaluated' })
    // A mail service's own merge fields are filled after approval.
    expect(checkRules(ruleInputFor(stored({ email_body: 'Dear *|FNAME|*, 20% off' }), ruleSet([]), standing))).toEqual({ verdict: 'ask_model' })
  })
})

describe('rules per approval type', () => {
  it('follow the configured limits', () => {
    const strict = { ...base, rules: { min_lead_score_to_ask: 95, min_lead_score_to_approve: 98, max_recipients: 10, require_verified_email: true } }
    expect(checkRules(strict)).toEqual({ verdict: 'manual', rule: 'score_to_ask', reason: 'lead score 90 is below 95' })
    const lax = { ...base, data: { lead_score: 60, recipient_count: 5000 }, rules: { min_lead_score_to_ask: 50, min_lead_score_to_approve: 55, max_recipients: 10_000, require_verified_email: false } }
    expect(checkRules(lax)).toEqual({ verdict: 'ask_model' })
    expect(acceptVerdict(lax, verdict, 90)).toEqual({ verdict: 'approve' })
  })
})

describe("auto-approval rules: accepting the model's answer", () => {
  it('approves when every condition holds', () => expect(acceptVerdict(base, verdict, 90)).toEqual({ verdict: 'approve' }))
  it('confidence below the threshold', () =>
    expect(acceptVerdict(base, { ...verdict, confidence: 89 }, 90)).toEqual({ verdict: 'manual', rule: 'confidence', reason: 'confidence 89 is below 90' }))
  it('any red flag', () =>
    expect(acceptVerdict(base, { ...verdict, red_flags: ['mentions pricing'] }, 90)).toEqual({ verdict: 'manual', rule: 'red_flags', reason: 'the model raised red flags: mentions pricing' }))
  it('lead score below 80', () =>
    expect(acceptVerdict(withData({ lead_score: 79 }), verdict, 90)).toEqual({ verdict: 'manual', rule: 'score_to_approve', reason: 'lead score 79 is below 80 for email_send' }))
  it('video_create needs 85', () => {
    const video = { ...withData({ lead_score: 84 }), approvalType: 'video_create', rules: defaultAutoApprovalRules.video_create! }
    expect(acceptVerdict(video, verdict, 90)).toEqual({ verdict: 'manual', rule: 'score_to_approve', reason: 'lead score 84 is below 85 for video_create' })
    expect(acceptVerdict({ ...video, data: { ...video.data, lead_score: 85 } }, verdict, 90)).toEqual({ verdict: 'approve' })
  })
  it('email not verified', () =>
    expect(acceptVerdict(withData({ email_verified: false }), verdict, 90)).toEqual({ verdict: 'manual', rule: 'unverified_email', reason: 'the email is not verified' }))
})
