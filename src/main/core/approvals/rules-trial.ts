import type Database from 'better-sqlite3'
import { withDefaultRules, type AutoApprovalRules, type RuleName, type RuleSetOutcome, type RulesTrial } from '../../../shared/schemas/auto-rules'
import { acceptVerdict, checkRules, ruleInputFor, type ModelVerdict, type RuleSet } from './auto-rules'

interface Decided {
  id: number
  workflow_id: number | null
  approval_type: string
  approval_title: string
  approval_description: string | null
  approval_data: string | null
  status: 'approved' | 'rejected'
  decided_at: number
  /** 1 when its workflow lets the model decide. */
  auto_on: number
  /** The model's answer, when it was asked at the time (its red flags as JSON; null before they were kept). */
  auto_approval_confidence: number | null
  auto_red_flags: string | null
  /** Why the send-rate policy held it when it came (emails per lead): never the model's, whatever the rules. */
  hold_reason: string | null
}

/** A model as sure as it can be, with nothing to object to: what the rules alone would then allow. */
const confidentModel: ModelVerdict = { confidence: 100, red_flags: [], reasoning: '' }

/** The model's own answer where it gave one (with no red flags kept, none), a sure one otherwise. */
const answerTo = (row: Decided): ModelVerdict =>
  row.auto_approval_confidence === null
    ? confidentModel
    : { confidence: row.auto_approval_confidence, red_flags: row.auto_red_flags ? (JSON.parse(row.auto_red_flags) as string[]) : [], reasoning: '' }
const SHOWN_IDS = 20

// Each status from the index of decisions by time, newest first; merged in JavaScript.
const latest = (status: 'approved' | 'rejected') => `select * from (
  select a.id, a.workflow_id, a.approval_type, a.approval_title, a.approval_description, a.approval_data, a.status, a.decided_at,
    a.auto_approval_confidence, a.auto_red_flags, a.hold_reason,
    coalesce((select w.auto_approval_enabled from n8n_workflows w where w.id = a.workflow_id), 0) as auto_on
  from workflow_approvals a where a.status = '${status}' and a.decision_source is not 'auto' order by a.decided_at desc limit @limit)`

/** What one set of rules would have done with these requests, the model answering as it did (or sure, where it was not asked). */
function outcome(decided: Decided[], ruleSet: RuleSet): RuleSetOutcome {
  const rejected: number[] = []
  let couldApprove = 0
  const leftToYou = new Map<RuleName, number>()
  const leave = (rule: RuleName) => leftToYou.set(rule, (leftToYou.get(rule) ?? 0) + 1)
  for (const row of decided) {
    if (row.hold_reason !== null) {
      leave('send_rate')
      continue
    }
    // Switches and the daily count are today's state, not the rules': tried with them out of the way.
    const input = ruleInputFor(row, ruleSet, { enabledGlobally: true, enabledForWorkflow: row.auto_on === 1, autoApprovedToday: 0, dailyLimit: Number.POSITIVE_INFINITY })
    const asked = checkRules(input)
    const final = asked.verdict === 'manual' ? asked : acceptVerdict(input, answerTo(row), ruleSet.threshold)
    if (final.verdict === 'manual') {
      leave(final.rule)
      continue
    }
    couldApprove += 1
    if (row.status === 'rejected') rejected.push(row.id)
  }
  return {
    could_approve: couldApprove,
    could_approve_rejected: { count: rejected.length, ids: rejected.slice(0, SHOWN_IDS) },
    left_to_you: [...leftToYou].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count),
  }
}

/** Rules as proposed: the limits per type (the defaults fill in the rest), and blocked words and domains if they change. */
export interface ProposedRules {
  rules: AutoApprovalRules
  blocked_words?: string[]
  blocked_domains?: string[]
  confidence_threshold?: number
}

/**
 * Proposed rules tried on the latest decisions a person made, beside the rules in force: how many
 * the model could have approved, which of those the person rejected, and what left the rest to
 * them. Nothing is sent to the model and nothing changes.
 */
export function tryRules(sqlite: Database.Database, proposed: ProposedRules, current: RuleSet, limit: number): RulesTrial {
  const decided = [...(sqlite.prepare(latest('approved')).all({ limit }) as Decided[]), ...(sqlite.prepare(latest('rejected')).all({ limit }) as Decided[])]
    .sort((a, b) => b.decided_at - a.decided_at || b.id - a.id)
    .slice(0, limit)
  const approved = decided.filter((row) => row.status === 'approved').length
  const asProposed: RuleSet = {
    rules: withDefaultRules(proposed.rules),
    blocked: { words: proposed.blocked_words ?? current.blocked.words, domains: proposed.blocked_domains ?? current.blocked.domains },
    threshold: proposed.confidence_threshold ?? current.threshold,
  }
  return {
    considered: decided.length,
    model_answered: decided.filter((row) => row.auto_approval_confidence !== null).length,
    approved,
    rejected: decided.length - approved,
    since: decided.at(-1)?.decided_at ?? null,
    current: outcome(decided, current),
    proposed: outcome(decided, asProposed),
  }
}
