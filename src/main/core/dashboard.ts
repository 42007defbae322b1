import { notToldApprovalIds } from './approvals/approval-row'
import { autoApprovalDayStart, modelCallLog } from './approvals/model-calls'
import type Database from 'better-sqlite3'
import { exhausted, limitedDispatch, type Allowance } from './dispatch/allowances'
import { comingUp, type OwnSchedule } from './coming-up'
import { median } from './median'
import { errorGroups } from './error-groups'
import { STANDING } from './executions/execution-queries'
import { watchedWorkflowsReader } from './workflows/quiet-workflows'
import { failingWorkflows } from './workflows/failing-workflows'
import { slowWorkflows } from './workflows/run-times'
import type { Dashboard } from '../../shared/schemas/monitoring'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** What the core knows beside the database, read at the dashboard's moment. */
export interface DashboardState {
  now: number
  /** What each workflow with a limit may still start in n8n now. */
  allowances: Map<number, Allowance>
  /** While a rotated webhook secret still works. */
  previousSecret: { since: number; until: number } | null
  /** When the next automatic backup is due (null while they are off or one runs), and the next message of alerts. */
  own: OwnSchedule
  /** AUTO_APPROVAL_DAILY_BUDGET: credits a day the model may cost; null when not capped. */
  aiBudget: number | null
}

/** The dashboard's figures, each one indexed query over the live tables. */
export function dashboard(sqlite: Database.Database, range: '24h' | '7d', { now, allowances, previousSecret, own, aiBudget }: DashboardState): Dashboard {
  const hours = range === '7d' ? 7 * 24 : 24
  const firstHour = Math.floor(now / HOUR) * HOUR - (hours - 1) * HOUR
  // The operator's today: since local midnight, as the console's "Today" filter counts it.
  const startOfDay = new Date(now).setHours(0, 0, 0, 0)
  const one = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).pluck().get(...params) as number | null

  const workflows = sqlite
    .prepare('select sum(is_active) as active, sum(1 - is_active) as inactive from n8n_workflows where deleted_at is null')
    .get() as { active: number | null; inactive: number | null }
  const today = Object.fromEntries(
    (sqlite.prepare('select status, count(*) as n from workflow_executions where created_at >= ? group by status').all(startOfDay) as { status: string; n: number }[]).map(
      (r) => [r.status, r.n],
    ),
  )
  const perHour = new Map<number, Record<string, number>>()
  for (let i = 0; i < hours; i++) perHour.set(firstHour + i * HOUR, {})
  const buckets = sqlite
    .prepare(
      `select (created_at / ${HOUR}) * ${HOUR} as hour, status, count(*) as n from workflow_executions
       where created_at >= ? group by hour, status`,
    )
    .all(firstHour) as { hour: number; status: string; n: number }[]
  for (const b of buckets) {
    const counts = perHour.get(b.hour)
    if (counts) counts[b.status] = b.n
  }
  const decisions = sqlite
    .prepare(
      `select decided_at - created_at from workflow_approvals
       where status in ('approved', 'rejected') and decided_at >= ? order by 1`,
    )
    .pluck()
    .all(firstHour) as number[]
  const decisionMedian = median(decisions)

  const fullWorkflows = workflowsAtTheirLimit(sqlite, now, allowances)
  const watched = watchedWorkflowsReader(sqlite)()

  return {
    workflows: { active: workflows.active ?? 0, inactive: workflows.inactive ?? 0 },
    executions_today: today,
    failed_not_retried_today:
      one(
        `select count(*) from workflow_executions where status = 'failed' and created_at >= ? and ${STANDING}`,
        startOfDay,
      ) ?? 0,
    pending_approvals: one("select count(*) from workflow_approvals where status = 'pending'") ?? 0,
    decisions_not_taken: one(`select count(*) from (${notToldApprovalIds})`) ?? 0,
    held_workflows: sqlite
      .prepare(
        `select w.id, w.workflow_name, (select count(*) from outbox o where o.workflow_id = w.id and o.status in ('pending', 'sending')) as waiting_calls,
           w.calls_held_reason as reason
         from n8n_workflows w where w.calls_held and w.deleted_at is null order by w.workflow_name`,
      )
      .all() as Dashboard['held_workflows'],
    failing_workflows: failingWorkflows(sqlite).map(({ workflow_id, workflow_name, failed_in_a_row, failing_since, last_error }) => ({
      id: workflow_id,
      workflow_name,
      failed_in_a_row,
      failing_since,
      last_error,
    })),
    quiet_workflows: watched.filter((w) => w.quiet_from <= now).map(({ quiet_from, ...workflow }) => ({ ...workflow, quiet_since: quiet_from })),
    slow_workflows: slowWorkflows(sqlite, now),
    full_workflows: fullWorkflows,
    coming_up: comingUp(sqlite, now, fullWorkflows, watched, own),
    approvals_expiring_soon: one("select count(*) from workflow_approvals where status = 'pending' and expires_at <= ?", now + HOUR) ?? 0,
    error_groups: errorGroups(sqlite, firstHour),
    workflow_activity: sqlite
      .prepare(
        `select workflow_id as id, count(*) as runs, sum(status = 'failed') as failed, max(created_at) as last_at from workflow_executions
         where created_at >= ? group by workflow_id order by failed desc, runs desc limit 20`,
      )
      // The whole span back from now, as the Executions screen's period counts when a figure opens it.
      .all(now - hours * HOUR) as Dashboard['workflow_activity'],
    previous_secret: previousSecret && {
      accepted_until: previousSecret.until,
      last_used_at: one("select max(timestamp) from workflow_monitoring where event_type = 'previous_secret_used' and timestamp >= ?", previousSecret.since),
    },
    refused_webhooks: refusedWebhooks(sqlite, now - DAY),
    failed_webhooks: sqlite
      .prepare(
        `select f.workflow_id, w.workflow_name, f.count, (select q.last_error from webhook_queue q where q.id = f.newest) as last_error
         from (select workflow_id, count(*) as count, max(id) as newest from webhook_queue where status = 'failed' group by workflow_id order by count desc, newest desc limit 5) f
         left join n8n_workflows w on w.id = f.workflow_id order by f.count desc, f.newest desc`,
      )
      .all() as Dashboard['failed_webhooks'],
    ai_budget_spent: aiBudgetSpent(sqlite, now, aiBudget),
    n8n_runs_failed_today: one("select count(*) from workflow_monitoring where event_type = 'n8n_run_failed' and timestamp >= ?", startOfDay) ?? 0,
    recent_errors: one("select count(*) from workflow_monitoring where severity in ('error', 'critical') and timestamp >= ?", now - DAY) ?? 0,
    average_execution_seconds: one(
      "select avg(duration_seconds) from workflow_executions where status in ('completed', 'failed') and finished_at >= ?",
      firstHour,
    ),
    queue_depth: one("select count(*) from webhook_queue where status in ('queued', 'processing')") ?? 0,
    executions_per_hour: [...perHour].map(([hour, counts]) => ({ hour, counts })),
    approval_time_to_decision: { median_seconds: decisionMedian === null ? null : Math.round(decisionMedian / 1000), decided: decisions.length },
  }
}

/** Today's model calls cost the daily budget or more: new approvals wait for a person until the day ends. */
function aiBudgetSpent(sqlite: Database.Database, now: number, budget: number | null): Dashboard['ai_budget_spent'] {
  if (budget === null) return null
  const spent = modelCallLog(sqlite).spentSince(autoApprovalDayStart(now))
  return spent >= budget ? { spent, budget } : null
}

/** Workflows whose limits hold back dispatches that wait (not those sent anyway): a backlog to let through, or slots n8n never freed. */
function workflowsAtTheirLimit(sqlite: Database.Database, now: number, allowances: Map<number, Allowance>): Dashboard['full_workflows'] {
  const held = exhausted(allowances)
  if (held.length === 0) return []
  const rows = sqlite
    .prepare(
      `select w.id, w.workflow_name, w.max_running, w.max_per_hour, w.max_per_day,
         (select count(*) from outbox o where o.workflow_id = w.id and ${limitedDispatch('?')}) as waiting
       from n8n_workflows w where w.id in (select value from json_each(?)) and w.deleted_at is null order by w.workflow_name`,
    )
    .all(now, JSON.stringify(held)) as { id: number; workflow_name: string; max_running: number; max_per_hour: number; max_per_day: number; waiting: number }[]
  return rows
    .filter((row) => row.waiting > 0)
    .map(({ id, workflow_name, max_running, max_per_hour, max_per_day, waiting }) => {
      const { heldBy, opensAt } = allowances.get(id)!
      const limit = { window: null, running: max_running, hourly: max_per_hour, daily: max_per_day }[heldBy!]
      return { id, workflow_name, held_by: heldBy!, limit, waiting, opens_at: opensAt }
    })
}

/** Signature refusals since then: each recorded one with those it stood for (a flood is recorded once per 10 s per sender). */
function refusedWebhooks(sqlite: Database.Database, since: number): Dashboard['refused_webhooks'] {
  const counted = sqlite
    .prepare(
      `select count(*) + coalesce(sum(json_extract(event_data, '$.suppressed')), 0) as count, max(timestamp) as last_at
       from workflow_monitoring where event_type = 'webhook_rejected' and timestamp >= ?`,
    )
    .get(since) as { count: number; last_at: number | null }
  const lastError = sqlite
    .prepare("select json_extract(event_data, '$.error') from workflow_monitoring where event_type = 'webhook_rejected' and timestamp >= ? order by timestamp desc, id desc limit 1")
    .pluck()
    .get(since) as string | undefined
  return { ...counted, last_error: lastError ?? null }
}
