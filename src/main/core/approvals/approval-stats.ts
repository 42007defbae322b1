import type Database from 'better-sqlite3'
import type { ApprovalStats } from '../../../shared/schemas/approvals'
import { median } from '../median'
import { modelCallLog } from './model-calls'

const countBy = (sqlite: Database.Database, column: string): Record<string, number> =>
  Object.fromEntries(
    (sqlite.prepare(`select ${column} as key, count(*) as n from workflow_approvals group by ${column}`).all() as { key: string; n: number }[]).map(
      (row) => [row.key, row.n],
    ),
  )

/** The approvals dashboard figures, computed in SQL over the whole table, and what the model cost. */
export function approvalStats(sqlite: Database.Database, now: number, dailyBudget: number | null): ApprovalStats {
  const decided = sqlite
    .prepare("select decided_at - created_at as ms from workflow_approvals where status in ('approved', 'rejected') order by ms")
    .pluck()
    .all() as number[]
  const middle = median(decided)
  const auto = sqlite.prepare("select count(*) from workflow_approvals where decision_source = 'auto'").pluck().get() as number
  const comparison = sqlite
    .prepare(
      `select count(*) as compared,
         sum(case when (auto_outcome = 'approve' and status = 'approved') or (auto_outcome = 'manual' and status = 'rejected') then 1 else 0 end) as agreed
       from workflow_approvals
       where auto_outcome is not null and status in ('approved', 'rejected') and decision_source not in ('auto', 'expiry')`,
    )
    .get() as { compared: number; agreed: number | null }
  return {
    by_status: countBy(sqlite, 'status'),
    by_type: countBy(sqlite, 'approval_type'),
    by_priority: countBy(sqlite, 'priority'),
    median_seconds_to_decision: middle === null ? null : Math.round(middle / 1000),
    auto_approval_rate: decided.length ? auto / decided.length : null,
    ai_human_agreement: {
      compared: comparison.compared,
      agreed: comparison.agreed ?? 0,
      rate: comparison.compared ? (comparison.agreed ?? 0) / comparison.compared : null,
    },
    ai_usage: modelCallLog(sqlite).usage(now, dailyBudget),
  }
}
