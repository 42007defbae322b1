import { z } from 'zod'

/** Limits the auto-approver applies to one approval type. */
export const typeRulesSchema = z
  .object({
    min_lead_score_to_ask: z.number().min(0).max(100),
    min_lead_score_to_approve: z.number().min(0).max(100),
    max_recipients: z.number().int().min(0),
    require_verified_email: z.boolean(),
  })
  .strict()
export type TypeRules = z.output<typeof typeRulesSchema>

/** Approval type → its limits; `default` covers every type not named. */
export const autoApprovalRulesSchema = z.record(z.string().trim().min(1, 'an approval type needs a name'), typeRulesSchema)
export type AutoApprovalRules = Record<string, TypeRules>

/** Words or phrases that keep any request mentioning one from the model, beside the built-in ones (gift cards, wire transfer …). */
export const blockedWordsSchema = z.array(z.string().trim().toLowerCase().min(1, 'a blocked word cannot be blank'))
/** Domains (subdomains included) whose leads, addresses and links keep a request from auto-approval, beside the built-in disposable ones. */
export const blockedDomainsSchema = z.array(
  z
    .string()
    .trim()
    .toLowerCase()
    .transform((domain) => domain.replace(/^@/, ''))
    .pipe(z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be domains such as example.com')),
)

/** The seed's values; rules given for some types keep these for the others. */
export const defaultAutoApprovalRules: AutoApprovalRules = {
  default: { min_lead_score_to_ask: 70, min_lead_score_to_approve: 80, max_recipients: 1000, require_verified_email: true },
  video_create: { min_lead_score_to_ask: 70, min_lead_score_to_approve: 85, max_recipients: 1000, require_verified_email: true },
}

/** Rules as they apply: the defaults, with those given replacing theirs type by type. */
export const withDefaultRules = (rules: AutoApprovalRules): AutoApprovalRules => ({ ...defaultAutoApprovalRules, ...rules })

/**
 * Why the auto-approver leaves a request to a person: each rule by name, in the order checked
 * (before asking the model, then on its answer), with what it means in words.
 */
export const ruleNames = {
  send_rate: 'held by the send-rate policy (emails per lead)',
  off: 'auto-approval is off',
  workflow_off: 'auto-approval is off for its workflow',
  daily_limit: 'the daily limit of AI decisions is reached',
  no_lead_score: 'no lead_score to judge by',
  score_to_ask: 'lead score below the minimum to ask the model',
  recipients: 'more recipients than allowed',
  disposable_email: 'a disposable email address',
  blocked_domain: 'an email at a blocked domain',
  suspicious_text: 'suspicious words (gift cards, wire transfer …)',
  blocked_word: 'a blocked word or phrase',
  unevaluated: 'an n8n expression sent unevaluated ({{ $json… }}, [object Object])',
  red_flags: 'the model raised red flags',
  confidence: "the model's confidence below the threshold",
  score_to_approve: 'lead score below the minimum to approve',
  unverified_email: 'the email is not verified',
} as const
export type RuleName = keyof typeof ruleNames

export const rulesTrialInputSchema = z.object({
  rules: autoApprovalRulesSchema,
  /** Those in force when left out. */
  blocked_words: blockedWordsSchema.optional(),
  blocked_domains: blockedDomainsSchema.optional(),
  confidence_threshold: z.number().int().min(0).max(100).optional(),
  /** How many of the latest decisions a person made to try them on. */
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
})

export type RulesTrialInput = z.input<typeof rulesTrialInputSchema>

const ruleSetOutcomeSchema = z.object({
  /** The rules would let the model approve these: with its own answer where it gave one, a sure one (no red flags) otherwise. */
  could_approve: z.number(),
  /** Of those, the ones the person rejected: what these rules would risk (newest first, up to 20 ids). */
  could_approve_rejected: z.object({ count: z.number(), ids: z.array(z.number()) }),
  /** The rest, by the first rule that leaves each to a person (most frequent first). */
  left_to_you: z.array(z.object({ rule: z.enum(Object.keys(ruleNames) as [RuleName, ...RuleName[]]), count: z.number() })),
})
export type RuleSetOutcome = z.infer<typeof ruleSetOutcomeSchema>

/** The rules in force and the rules proposed, each tried on the same past decisions. */
export const rulesTrialSchema = z.object({
  considered: z.number(),
  /** Of those, how many the model had answered at the time (shadow mode, or left to a person after asking). */
  model_answered: z.number(),
  approved: z.number(),
  rejected: z.number(),
  /** When the oldest decision tried was made; null when there were none. */
  since: z.number().nullable(),
  current: ruleSetOutcomeSchema,
  proposed: ruleSetOutcomeSchema,
})
export type RulesTrial = z.infer<typeof rulesTrialSchema>
