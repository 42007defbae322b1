import type Database from 'better-sqlite3'
import type { AiUsage, ModelUsage } from '../../../shared/schemas/approvals'
import type { ModelUsage as CallUsage } from './openrouter'

const DAY = 86_400_000

/** Where the auto-approver's day starts: its daily limit and daily budget count from midnight UTC. */
export const autoApprovalDayStart = (now: number): number => Math.floor(now / DAY) * DAY

export interface ModelCall {
  approvalId: number
  model: string
  outcome: 'answered' | 'failed'
  /** What the answer said it used; null when no answer came. */
  usage: CallUsage | null
}

const totals = `count(*) as calls,
  count(*) filter (where outcome = 'failed') as failed,
  coalesce(sum(prompt_tokens), 0) as prompt_tokens,
  coalesce(sum(completion_tokens), 0) as completion_tokens,
  coalesce(sum(cost), 0) as cost,
  count(*) filter (where cost is null) as unpriced_calls`

/** Every call to the model, with what it cost: the daily budget reads it, and the stats sum it. */
export class ModelCallLog {
  private readonly s

  constructor(sqlite: Database.Database) {
    this.s = {
      insert: sqlite.prepare(
        `insert into model_calls (approval_id, asked_at, model, outcome, prompt_tokens, completion_tokens, cost)
         values (@approvalId, @askedAt, @model, @outcome, @promptTokens, @completionTokens, @cost)`,
      ),
      spent: sqlite.prepare('select coalesce(sum(cost), 0) from model_calls where asked_at >= ?').pluck(),
      totals: sqlite.prepare(`select ${totals} from model_calls where asked_at >= ?`),
      byModel: sqlite.prepare(`select model, ${totals} from model_calls where asked_at >= ? group by model order by cost desc, calls desc`),
    }
  }

  record(call: ModelCall, askedAt: number): void {
    this.s.insert.run({
      approvalId: call.approvalId,
      askedAt,
      model: call.model,
      outcome: call.outcome,
      promptTokens: call.usage?.promptTokens ?? null,
      completionTokens: call.usage?.completionTokens ?? null,
      cost: call.usage?.cost ?? null,
    })
  }

  /** Credits the calls since `from` cost, as far as their answers said. */
  spentSince(from: number): number {
    return this.s.spent.get(from) as number
  }

  usage(now: number, dailyBudget: number | null): AiUsage {
    const monthStart = now - 30 * DAY
    return {
      today: this.s.totals.get(autoApprovalDayStart(now)) as ModelUsage,
      last_30_days: this.s.totals.get(monthStart) as ModelUsage,
      daily_budget: dailyBudget,
      by_model: this.s.byModel.all(monthStart) as AiUsage['by_model'],
    }
  }
}

const logs = new WeakMap<Database.Database, ModelCallLog>()

/** The one log of a database: its statements are prepared once, however often the dashboard reads it. */
export function modelCallLog(sqlite: Database.Database): ModelCallLog {
  let log = logs.get(sqlite)
  if (!log) logs.set(sqlite, (log = new ModelCallLog(sqlite)))
  return log
}
