import type { AutoApprovalRules, RuleName, TypeRules } from '../../../shared/schemas/auto-rules'
import type { Config } from '../config'
import { unevaluatedExpressions } from '../../../shared/n8n-expressions'
import { textsIn } from '../../../shared/text'
import { addressesIn, blockedDomainOf } from './addresses'

/**
 * The hard rules of AI auto-approval, pure so each has its own test. The model is asked only
 * when no rule already says "manual", and its answer is accepted only when every condition
 * holds. On any doubt the answer is "manual".
 *
 * Fields read from the approval's data: lead_score (0–100), email_verified (boolean),
 * recipient_count (emails to send), email (the lead's address). Blocked words and domains are
 * looked for in the title, the description and every text the data holds.
 */
export interface RuleInput {
  approvalType: string
  /** The limits for this approval type (settings: AUTO_APPROVAL_RULES). */
  rules: TypeRules
  /** The operator's own words and domains that keep a request from the model (settings). */
  blocked: BlockedTerms
  data: Record<string, unknown>
  /** The request's words: its title, description and the texts in its data, a line each. */
  text: string
  enabledGlobally: boolean
  enabledForWorkflow: boolean
  autoApprovedToday: number
  dailyLimit: number
}

export interface BlockedTerms {
  words: string[]
  domains: string[]
}

export interface ModelVerdict {
  confidence: number
  red_flags: string[]
  reasoning: string
}

/** Left to a person: by which rule, and why in words with this request's figures. */
export type Manual = { verdict: 'manual'; rule: RuleName; reason: string }
export type RuleOutcome = Manual | { verdict: 'ask_model' }
export type FinalOutcome = Manual | { verdict: 'approve' }

const manual = (rule: RuleName, reason: string): Manual => ({ verdict: 'manual', rule, reason })

/** What the auto-approver applies: the limits per approval type, and the operator's blocked words and domains. */
export interface RuleSet {
  rules: AutoApprovalRules
  blocked: BlockedTerms
  /** The model's confidence (0–100) its yes needs. */
  threshold: number
}

type Settings = Pick<Config, 'AUTO_APPROVAL_RULES' | 'AUTO_APPROVAL_BLOCKED_WORDS' | 'AUTO_APPROVAL_BLOCKED_DOMAINS' | 'AUTO_APPROVAL_CONFIDENCE_THRESHOLD'>
export const ruleSetOf = (config: Settings): RuleSet => ({
  rules: config.AUTO_APPROVAL_RULES,
  blocked: { words: config.AUTO_APPROVAL_BLOCKED_WORDS, domains: config.AUTO_APPROVAL_BLOCKED_DOMAINS },
  threshold: config.AUTO_APPROVAL_CONFIDENCE_THRESHOLD,
})

interface StoredRequest {
  approval_type: string
  approval_title: string
  approval_description: string | null
  approval_data: string | null
}
/** Today's switches and count: what decides beside the rules. */
type Standing = Pick<RuleInput, 'enabledGlobally' | 'enabledForWorkflow' | 'autoApprovedToday' | 'dailyLimit'>

/** A stored request as the rules read it: its type's limits, its data as an object, and all its words to scan. */
export function ruleInputFor(row: StoredRequest, { rules, blocked }: RuleSet, standing: Standing): RuleInput {
  const data = row.approval_data === null ? {} : (JSON.parse(row.approval_data) as unknown)
  return {
    approvalType: row.approval_type,
    rules: rules[row.approval_type] ?? rules.default!,
    blocked,
    data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    text: [row.approval_title, row.approval_description ?? '', ...textsIn(data)].join('\n'),
    ...standing,
  }
}

const SUSPICIOUS = /\b(gift ?cards?|wire transfer|crypto ?giveaway|bitcoin|password reset|urgent payment)\b/i
const DISPOSABLE = /@(mailinator\.com|guerrillamail\.com|10minutemail\.com|tempmail\.\w+|yopmail\.com)$/i

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The first blocked word or phrase the text mentions as a whole word, whatever its case. */
function blockedWordIn(text: string, words: string[]): string | null {
  if (words.length === 0) return null
  const match = new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escaped).join('|')})(?![\\p{L}\\p{N}])`, 'iu').exec(text)
  return match ? match[1]! : null
}

/** The lead's address at a blocked domain, else the first address or link the request mentions there. */
function blockedAddress(email: string, text: string, domains: string[]): string | null {
  if (domains.length === 0) return null
  const lead = email.includes('@') ? blockedDomainOf(email.slice(email.lastIndexOf('@') + 1).toLowerCase(), domains) : null
  if (lead) return `${email} is at a blocked domain (${lead})`
  for (const { address, host } of addressesIn(text)) {
    const domain = blockedDomainOf(host, domains)
    if (domain) return `mentions ${address}, at a blocked domain (${domain})`
  }
  return null
}

const numberField = (data: Record<string, unknown>, key: string): number | null =>
  typeof data[key] === 'number' && Number.isFinite(data[key]) ? (data[key] as number) : null

export function checkRules(input: RuleInput): RuleOutcome {
  if (!input.enabledGlobally) return manual('off', 'auto-approval is off (AUTO_APPROVAL_ENABLED)')
  if (!input.enabledForWorkflow) return manual('workflow_off', 'auto-approval is off for this workflow')
  if (input.autoApprovedToday >= input.dailyLimit) {
    return manual('daily_limit', `daily auto-approval limit reached (${input.dailyLimit})`)
  }
  const score = numberField(input.data, 'lead_score')
  if (score === null) return manual('no_lead_score', 'no lead_score to judge by')
  const { min_lead_score_to_ask: minToAsk, max_recipients: maxRecipients } = input.rules
  if (score < minToAsk) return manual('score_to_ask', `lead score ${score} is below ${minToAsk}`)
  const recipients = numberField(input.data, 'recipient_count')
  if (recipients !== null && recipients > maxRecipients) {
    return manual('recipients', `high-value action: ${recipients} emails (more than ${maxRecipients})`)
  }
  const email = typeof input.data.email === 'string' ? input.data.email : ''
  if (DISPOSABLE.test(email)) return manual('disposable_email', `suspicious: disposable email address ${email}`)
  const atBlockedDomain = blockedAddress(email, input.text, input.blocked.domains)
  if (atBlockedDomain) return manual('blocked_domain', atBlockedDomain)
  const pattern = SUSPICIOUS.exec(input.text)
  if (pattern) return manual('suspicious_text', `suspicious pattern: "${pattern[0]}"`)
  const word = blockedWordIn(input.text, input.blocked.words)
  if (word) return manual('blocked_word', `mentions a blocked word: "${word}"`)
  const [unevaluated] = unevaluatedExpressions([input.text], 1)
  if (unevaluated) return manual('unevaluated', `holds an n8n expression that was never evaluated: ${unevaluated}`)
  return { verdict: 'ask_model' }
}

export function acceptVerdict(input: RuleInput, verdict: ModelVerdict, threshold: number): FinalOutcome {
  if (verdict.red_flags.length > 0) return manual('red_flags', `the model raised red flags: ${verdict.red_flags.join('; ')}`)
  if (verdict.confidence < threshold) return manual('confidence', `confidence ${verdict.confidence} is below ${threshold}`)
  const score = numberField(input.data, 'lead_score') ?? 0
  const needed = input.rules.min_lead_score_to_approve
  if (score < needed) return manual('score_to_approve', `lead score ${score} is below ${needed} for ${input.approvalType}`)
  if (input.rules.require_verified_email && input.data.email_verified !== true) return manual('unverified_email', 'the email is not verified')
  return { verdict: 'approve' }
}
