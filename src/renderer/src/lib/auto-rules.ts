import { ruleNames, type AutoApprovalRules, type RuleName, type RulesTrial, type RulesTrialInput, type TypeRules } from '../../../shared/schemas/auto-rules'
import { commaSeparated } from '../../../shared/text'

export type RuleField = keyof TypeRules

/** What a trial tries beside the rules table. */
export type Alongside = Omit<RulesTrialInput, 'rules' | 'limit'>

/** The threshold and the blocked words and domains as their fields read now (blank: as in force). */
export function alongsideRules(shown: (key: string) => string): Alongside {
  const threshold = shown('AUTO_APPROVAL_CONFIDENCE_THRESHOLD').trim()
  return {
    blocked_words: commaSeparated(shown('AUTO_APPROVAL_BLOCKED_WORDS')),
    blocked_domains: commaSeparated(shown('AUTO_APPROVAL_BLOCKED_DOMAINS')),
    confidence_threshold: threshold === '' ? undefined : Number(threshold),
  }
}

/** The columns of the rules table, in the order the auto-approver applies them. */
export const ruleFields: { field: RuleField; title: string }[] = [
  { field: 'min_lead_score_to_ask', title: 'Ask the model from lead score' },
  { field: 'min_lead_score_to_approve', title: 'Approve from lead score' },
  { field: 'max_recipients', title: 'Recipients at most' },
  { field: 'require_verified_email', title: 'Verified email only' },
]

/** The rules a setting holds (JSON text); an empty object when it holds none or cannot be read. */
export function rulesOf(json: string): AutoApprovalRules {
  try {
    const rules = JSON.parse(json) as unknown
    return rules && typeof rules === 'object' && !Array.isArray(rules) ? (rules as AutoApprovalRules) : {}
  } catch {
    return {}
  }
}

/** `default` first (it covers every type not named), then the named types alphabetically. */
export const ruleTypes = (rules: AutoApprovalRules): string[] =>
  Object.keys(rules).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)))

/** A field typed into the table: numbers as numbers (blank stays blank, for the server to name), switches as booleans. */
export function withField(rules: AutoApprovalRules, type: string, field: RuleField, value: string | boolean): AutoApprovalRules {
  const typed = typeof value === 'boolean' ? value : value.trim() === '' ? null : Number(value)
  return { ...rules, [type]: { ...rules[type]!, [field]: typed } }
}

/** A new type starts from the default's limits; a name already there, or blank, changes nothing. */
export function withType(rules: AutoApprovalRules, type: string): AutoApprovalRules {
  const name = type.trim()
  if (!name || name in rules) return rules
  return { ...rules, [name]: { ...rules.default! } }
}

/** Any type but `default` can go: its requests then follow the default. */
export function withoutType(rules: AutoApprovalRules, type: string): AutoApprovalRules {
  if (type === 'default') return rules
  const { [type]: _removed, ...rest } = rules
  return rest
}

export interface TrialRow {
  label: string
  inForce: number
  asEdited: number
  /** The row that says what the rules would risk. */
  risk?: boolean
}

/** The trial as rows to read across: what the model could approve, what you had rejected of it, and why the rest stay yours. */
export function trialRows(trial: RulesTrial): TrialRow[] {
  const count = (outcome: RulesTrial['current'], rule: RuleName) => outcome.left_to_you.find((left) => left.rule === rule)?.count ?? 0
  const rules = (Object.keys(ruleNames) as RuleName[]).filter((rule) => count(trial.current, rule) + count(trial.proposed, rule) > 0)
  return [
    { label: 'The model could approve', inForce: trial.current.could_approve, asEdited: trial.proposed.could_approve },
    { label: '… of which you had rejected', inForce: trial.current.could_approve_rejected.count, asEdited: trial.proposed.could_approve_rejected.count, risk: true },
    ...rules.map((rule) => ({ label: `Left to you: ${ruleNames[rule]}`, inForce: count(trial.current, rule), asEdited: count(trial.proposed, rule) })),
  ]
}
