import type Database from 'better-sqlite3'
import { creditsSaid } from '../../../shared/ai-spend'
import { FlowgateError } from '../../../shared/errors'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { Logger } from '../logger'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import type { ApprovalRow } from './approval-row'
import type { ApprovalService } from './approval-service'
import { acceptVerdict, checkRules, ruleInputFor, ruleSetOf, type RuleInput } from './auto-rules'
import { autoApprovalDayStart, modelCallLog } from './model-calls'
import { askModel, ModelError, type ModelAnswer } from './openrouter'
import { SEND_RATE_WINDOW_MS, sendRateHold } from './send-rate'

interface Recorded {
  outcome: 'approve' | 'manual'
  reason: string | null
  answer?: ModelAnswer
}

/**
 * Looks at each new pending approval: hard rules first (no model call when they say "manual"),
 * then the model through OpenRouter, then the acceptance rules. Errors, timeouts, refusals and
 * malformed answers leave it to the operator, with the reason recorded. Never approves on doubt.
 */
export class AutoApprover {
  private readonly s
  private readonly inFlight = new Set<Promise<void>>()
  private readonly calls
  /** The day (its start) the budget was last said to be spent, so it is said once a day. */
  private budgetSpentSaidFor: number | null = null

  constructor(
    private readonly sqlite: Database.Database,
    private readonly approvals: ApprovalService,
    private readonly config: () => Config,
    private readonly clock: Clock,
    private readonly monitor: Monitor,
    private readonly log: Logger,
  ) {
    this.calls = modelCallLog(sqlite)
    this.s = {
      budgetSpentSaid: sqlite.prepare("select 1 from workflow_monitoring where event_type = 'ai_budget_spent' and timestamp >= ? limit 1").pluck(),
      approval: sqlite.prepare('select * from workflow_approvals where id = ?'),
      workflowAuto: sqlite.prepare('select auto_approval_enabled from n8n_workflows where id = ?').pluck(),
      autoToday: sqlite.prepare("select count(*) from workflow_approvals where decision_source = 'auto' and decided_at >= ?").pluck(),
      sendHistory: sqlite.prepare(
        `select count(*) as approvedInLastWeek, max(decided_at) as lastApprovedAt from workflow_approvals
         where approval_type = 'email_send' and status = 'approved' and json_extract(approval_data, '$.lead_id') = ? and decided_at >= ?`,
      ),
      hold: sqlite.prepare('update workflow_approvals set hold_reason = ?, updated_at = ? where id = ?'),
      record: sqlite.prepare(
        `update workflow_approvals set auto_outcome = @outcome, auto_reason = @reason, auto_model = @model, auto_latency_ms = @latency,
           auto_prompt_tokens = @promptTokens, auto_completion_tokens = @completionTokens, auto_approval_confidence = @confidence,
           auto_approval_reasoning = @reasoning, auto_red_flags = @redFlags, updated_at = @now where id = @id`,
      ),
    }
  }

  /** Subscribes to new pending approvals; each is looked at once, after its creation commits. */
  listen(push: PushBus): () => void {
    return push.subscribe((message) => {
      if (message.name !== 'approvals.changed' || message.payload.status !== 'pending') return
      const id = message.payload.id
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.evaluate(id))
        .catch((error: unknown) => this.log.error({ err: error, approvalId: id }, 'auto-approval failed'))
        .finally(() => this.inFlight.delete(run))
      this.inFlight.add(run)
    })
  }

  /** Resolves when every evaluation started so far has finished (stop, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  async evaluate(id: number): Promise<void> {
    const row = this.s.approval.get(id) as ApprovalRow | undefined
    // Once per approval: a person's undone decision must not send it to the model again.
    if (!row || row.status !== 'pending' || row.auto_outcome !== null) return
    const config = this.config()
    const input = this.ruleInput(row, config)
    const held = this.sendRateHold(row, input.data, config)
    if (held) {
      this.s.hold.run(held, this.clock.now(), row.id)
      return this.record(row, { outcome: 'manual', reason: held })
    }
    const rules = checkRules(input)
    if (rules.verdict === 'manual') return this.record(row, { outcome: 'manual', reason: rules.reason })
    if (!config.OPENROUTER_API_KEY) return this.record(row, { outcome: 'manual', reason: 'no OpenRouter key configured (OPENROUTER_API_KEY)' })
    const budgetSpent = this.budgetSpent(config.AUTO_APPROVAL_DAILY_BUDGET)
    if (budgetSpent) return this.record(row, { outcome: 'manual', reason: budgetSpent })

    let answer: ModelAnswer
    try {
      answer = await askModel(
        { apiKey: config.OPENROUTER_API_KEY, baseUrl: config.OPENROUTER_BASE_URL, model: config.OPENROUTER_MODEL, timeoutMs: config.OPENROUTER_TIMEOUT_SECONDS * 1000 },
        { approvalType: row.approval_type, title: row.approval_title, description: row.approval_description, data: input.data },
      )
    } catch (error) {
      if (!(error instanceof ModelError)) throw error
      this.calls.record({ approvalId: row.id, model: config.OPENROUTER_MODEL, outcome: 'failed', usage: error.usage }, this.clock.now())
      return this.record(row, { outcome: 'manual', reason: error.message })
    }
    this.calls.record({ approvalId: row.id, model: answer.model, outcome: 'answered', usage: answer }, this.clock.now())
    const final = acceptVerdict(input, answer.verdict, config.AUTO_APPROVAL_CONFIDENCE_THRESHOLD)
    this.record(row, { outcome: final.verdict, reason: final.verdict === 'manual' ? final.reason : null, answer })
    // Shadow mode: the verdict is kept for comparison; the operator decides.
    if (final.verdict !== 'approve' || config.AUTO_APPROVAL_SHADOW_MODE) return
    try {
      this.approvals.decide(id, { decision: 'approved', approver: 'auto-approval', reason: answer.verdict.reasoning, source: 'auto', auto: true, confidence: answer.verdict.confidence })
    } catch (error) {
      // Someone decided first (or it expired): their decision stands.
      if (!(error instanceof FlowgateError)) throw error
    }
  }

  /**
   * Why the model is not asked when today's calls have cost the daily budget or more (the
   * first time a day, also said as an event); null while there is budget left or no cap.
   */
  private budgetSpent(budget: number | undefined): string | null {
    if (budget === undefined) return null
    const today = autoApprovalDayStart(this.clock.now())
    const spent = this.calls.spentSince(today)
    if (spent < budget) return null
    const reason = `today's AI budget is spent (${creditsSaid(spent)} of ${creditsSaid(budget)}, AUTO_APPROVAL_DAILY_BUDGET); approvals wait for you until midnight UTC`
    if (this.budgetSpentSaidFor !== today && !this.s.budgetSpentSaid.get(today)) {
      this.monitor.record({ eventType: 'ai_budget_spent', severity: 'warning', data: { message: reason, spent, budget } })
    }
    this.budgetSpentSaidFor = today
    return reason
  }

  /** Email sends to one lead are rationed; a request over the limit waits for the operator. */
  private sendRateHold(row: ApprovalRow, data: Record<string, unknown>, config: Config): string | null {
    const leadId = data.lead_id
    if (row.approval_type !== 'email_send' || (typeof leadId !== 'string' && typeof leadId !== 'number')) return null
    const now = this.clock.now()
    const history = this.s.sendHistory.get(leadId, now - SEND_RATE_WINDOW_MS) as { approvedInLastWeek: number; lastApprovedAt: number | null }
    return sendRateHold(history, now, { maxPerWeek: config.EMAIL_SEND_MAX_PER_LEAD_PER_WEEK, minHoursApart: config.EMAIL_SEND_MIN_HOURS_APART })
  }

  private ruleInput(row: ApprovalRow, config: Config): RuleInput {
    return ruleInputFor(row, ruleSetOf(config), {
      enabledGlobally: config.AUTO_APPROVAL_ENABLED,
      enabledForWorkflow: row.workflow_id !== null && this.s.workflowAuto.get(row.workflow_id) === 1,
      autoApprovedToday: this.s.autoToday.get(autoApprovalDayStart(this.clock.now())) as number,
      dailyLimit: config.AUTO_APPROVAL_MAX_DAILY_LIMIT,
    })
  }

  private record(row: ApprovalRow, recorded: Recorded): void {
    const answer = recorded.answer
    this.s.record.run({
      id: row.id,
      outcome: recorded.outcome,
      reason: recorded.reason,
      model: answer?.model ?? null,
      latency: answer?.latencyMs ?? null,
      promptTokens: answer?.promptTokens ?? null,
      completionTokens: answer?.completionTokens ?? null,
      confidence: answer ? Math.round(answer.verdict.confidence) : null,
      reasoning: answer?.verdict.reasoning ?? null,
      redFlags: answer ? JSON.stringify(answer.verdict.red_flags) : null,
      now: this.clock.now(),
    })
    this.monitor.record({
      eventType: recorded.outcome === 'approve' ? 'auto_approval_approved' : 'auto_approval_manual',
      severity: 'info',
      workflowId: row.workflow_id,
      executionId: row.execution_id,
      data: { approvalId: row.id, reason: recorded.reason, confidence: answer?.verdict.confidence ?? null },
    })
  }
}
