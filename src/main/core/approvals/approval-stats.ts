import type Database from 'better-sqlite3'
import type { ApprovalStats } from '../../../shared/schemas/approvals'
import { median } from '../median'
import { modelCallLog } from './model-calls'

type Dimension = 'status' | 'type' | 'priority' | 'source'

/** Approvals by status, type, priority and who decided, from the counts triggers keep (those with none left out). */
function countsBy(sqlite: Database.Database): Record<Dimension, Record<string, number>> {
  const counts: Record<Dimension, Record<string, number>> = { status: {}, type: {}, priority: {}, source: {} }
  const rows = sqlite.prepare('select dimension, key, n from approval_counts where n > 0 order by dimension, key').all() as { dimension: Dimension; key: string; n: number }[]
  for (const row of rows) counts[row.dimension][row.key] = row.n
  return counts
}

/** The middle of the decided approvals' times to decision: a walk along their index to the middle one (or two). */
function medianTimeToDecision(sqlite: Database.Database, decided: number): number | null {
  const middle = sqlite
    .prepare("select decided_at - created_at from workflow_approvals indexed by workflow_approvals_decision_time_idx where status in ('approved', 'rejected') order by decided_at - created_at limit ? offset ?")
    .pluck()
    .all(decided % 2 ? 1 : 2, Math.floor((decided - 1) / 2)) as number[]
  return decided ? median(middle) : null
}

/** The approvals dashboard figures, each a small read however many approvals there are, and what the model cost. */
export function approvalStats(sqlite: Database.Database, now: number, dailyBudget: number | null): ApprovalStats {
  const counts = countsBy(sqlite)
  const decided = (counts.status.approved ?? 0) + (counts.status.rejected ?? 0)
  const middle = medianTimeToDecision(sqlite, decided)
  const comparison = sqlite
    .prepare(
      `select count(*) as compared,
         sum(case when (auto_outcome = 'approve' and status = 'approved') or (auto_outcome = 'manual' and status = 'rejected') then 1 else 0 end) as agreed
       from workflow_approvals
       where auto_outcome is not null and status in ('approved', 'rejected') and decision_source not in ('auto', 'expiry')`,
    )
    .get() as { compared: number; agreed: number | null }
  return {
    by_status: counts.status,
    by_type: counts.type,
    by_priority: counts.priority,
    median_seconds_to_decision: middle === null ? null : Math.round(middle / 1000),
    auto_approval_rate: decided ? (counts.source.auto ?? 0) / decided : null,
    ai_human_agreement: {
      compared: comparison.compared,
      agreed: comparison.agreed ?? 0,
      rate: comparison.compared ? (comparison.agreed ?? 0) / comparison.compared : null,
    },
    ai_usage: modelCallLog(sqlite).usage(now, dailyBudget),
  }
}
