import { describe, expect, it } from 'vitest'
import { alongsideRules, rulesOf, ruleTypes, trialRows, withField, withoutType, withType } from '../../src/renderer/src/lib/auto-rules'
import { defaultAutoApprovalRules, type AutoApprovalRules, type RulesTrial } from '../../src/shared/schemas/auto-rules'

const rules: AutoApprovalRules = { ...defaultAutoApprovalRules, demo_deploy: { min_lead_score_to_ask: 50, min_lead_score_to_approve: 60, max_recipients: 0, require_verified_email: false } }

describe('the auto-approval rules table', () => {
  it('reads the setting, and nothing from text that is not a JSON object', () => {
    expect(rulesOf(JSON.stringify(rules))).toEqual(rules)
    expect(rulesOf('not json')).toEqual({})
    expect(rulesOf('[1]')).toEqual({})
  })

  it('lists default first, then the named types alphabetically', () => {
    expect(ruleTypes({ video_create: rules.video_create!, default: rules.default!, demo_deploy: rules.demo_deploy! })).toEqual(['default', 'demo_deploy', 'video_create'])
  })

  it('types numbers as numbers and switches as booleans; a blank number stays blank for the server to name', () => {
    expect(withField(rules, 'demo_deploy', 'min_lead_score_to_ask', '65').demo_deploy).toMatchObject({ min_lead_score_to_ask: 65 })
    expect(withField(rules, 'demo_deploy', 'require_verified_email', true).demo_deploy).toMatchObject({ require_verified_email: true })
    expect(withField(rules, 'default', 'max_recipients', ' ').default).toMatchObject({ max_recipients: null })
    // The other types are left as they were.
    expect(withField(rules, 'demo_deploy', 'max_recipients', '3').video_create).toBe(rules.video_create)
  })

  it("adds a type with the default's limits, never over one already there; removes any but default", () => {
    expect(withType(rules, ' email_send ').email_send).toEqual(rules.default)
    expect(withType(rules, 'demo_deploy')).toBe(rules)
    expect(withType(rules, '  ')).toBe(rules)
    expect(Object.keys(withoutType(rules, 'demo_deploy'))).toEqual(['default', 'video_create'])
    expect(withoutType(rules, 'default')).toBe(rules)
  })
})

describe('what a trial tries beside the rules table', () => {
  it('reads the threshold and the blocked words and domains as their fields read now; a blank threshold leaves the one in force', () => {
    const fields: Record<string, string> = { AUTO_APPROVAL_CONFIDENCE_THRESHOLD: '85', AUTO_APPROVAL_BLOCKED_WORDS: 'refund, ,legal team', AUTO_APPROVAL_BLOCKED_DOMAINS: '' }
    expect(alongsideRules((key) => fields[key] ?? '')).toEqual({ blocked_words: ['refund', 'legal team'], blocked_domains: [], confidence_threshold: 85 })
    expect(alongsideRules(() => ' ').confidence_threshold).toBeUndefined()
  })
})

describe('a trial of the rules, read across', () => {
  const outcome = (couldApprove: number, rejected: number, left: RulesTrial['current']['left_to_you']) => ({
    could_approve: couldApprove,
    could_approve_rejected: { count: rejected, ids: [] },
    left_to_you: left,
  })

  it('shows what could be approved, what of it was rejected, and each reason either side gives, in the rules’ order', () => {
    const trial: RulesTrial = {
      considered: 10,
      model_answered: 4,
      approved: 7,
      rejected: 3,
      since: 1,
      current: outcome(2, 0, [
        { rule: 'unverified_email', count: 5 },
        { rule: 'score_to_ask', count: 3 },
      ]),
      proposed: outcome(7, 1, [{ rule: 'score_to_ask', count: 3 }]),
    }
    expect(trialRows(trial)).toEqual([
      { label: 'The model could approve', inForce: 2, asEdited: 7 },
      { label: '… of which you had rejected', inForce: 0, asEdited: 1, risk: true },
      { label: 'Left to you: lead score below the minimum to ask the model', inForce: 3, asEdited: 3 },
      { label: 'Left to you: the email is not verified', inForce: 5, asEdited: 0 },
    ])
  })
})
