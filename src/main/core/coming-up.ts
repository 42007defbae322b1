import type Database from 'better-sqlite3'
import type { ComingUp, Dashboard } from '../../shared/schemas/monitoring'
import type { WatchedWorkflow } from './workflows/quiet-workflows'

/** How many things the dashboard lists; each kind gives at most as many, soonest first. */
const SHOWN = 8

type Named = { workflow_id: number | null; workflow_name: string | null }

/** What the core's own timers have ahead: the next backup, the next message of alerts and how many it carries. */
export interface OwnSchedule {
  backupDueAt: number | null
  alertsDue: { at: number; count: number } | null
}

/** Alerts gathering for their first seconds are not worth a line: only those held a while. */
const ALERTS_SHOWN_AFTER_MS = 60_000

/**
 * What Flowgate will do next on its own, soonest first: dispatches a send window or an hourly or
 * daily limit lets go, triggers scheduled for later, calls to n8n and webhooks tried again,
 * approvals expiring, executions timing out, the next automatic backup — and when a workflow
 * expected to run regularly counts as quiet unless heard from. Each is read from an index over what
 * is scheduled after `now`, never from the history; the dispatches held back come from the
 * dashboard's list of workflows at their limit, the expectations from its watched workflows —
 * and alerts waiting a while to go (quiet hours, a service to try again).
 */
export function comingUp(sqlite: Database.Database, now: number, held: Dashboard['full_workflows'], watched: WatchedWorkflow[], own: OwnSchedule): ComingUp[] {
  const { backupDueAt, alertsDue } = own
  const backup: ComingUp[] = backupDueAt !== null && backupDueAt > now ? [{ kind: 'backup', at: backupDueAt, count: 1, id: null, workflow_id: null, workflow_name: null }] : []
  const alerts: ComingUp[] =
    alertsDue !== null && alertsDue.at > now + ALERTS_SHOWN_AFTER_MS ? [{ kind: 'alerts_sent', at: alertsDue.at, count: alertsDue.count, id: null, workflow_id: null, workflow_name: null }] : []
  const quiet = watched
    .filter((workflow) => workflow.quiet_from > now)
    .map(({ id, workflow_name, quiet_from }): ComingUp => ({ kind: 'quiet_unless_heard', at: quiet_from, count: 1, id: null, workflow_id: id, workflow_name }))
  const items = [...released(held), ...scheduled(sqlite, now), ...retries(sqlite, now), ...deadlines(sqlite, now), ...quiet, ...backup, ...alerts]
  return items.sort((a, b) => a.at - b.at).slice(0, SHOWN)
}

const workflowName = '(select workflow_name from n8n_workflows w where w.id = workflow_id) as workflow_name'

/** Dispatches waiting behind a closed send window or a spent hour or day, by the moment that lets them go. */
function released(held: Dashboard['full_workflows']): ComingUp[] {
  const kinds = { window: 'window_opens', hourly: 'hour_allows', daily: 'day_allows' } as const
  return held.flatMap(({ id, workflow_name, held_by, waiting, opens_at }) =>
    held_by === 'running' || opens_at === null ? [] : [{ kind: kinds[held_by], at: opens_at, count: waiting, id: null, workflow_id: id, workflow_name }],
  )
}

/** Calls that will go unless the workflow's calls are held. */
const notHeld = 'not exists (select 1 from n8n_workflows w where w.id = outbox.workflow_id and w.calls_held)'

/**
 * Triggers scheduled for later, a line per workflow naming the soonest execution: dispatches never
 * tried, due later (a call tried and failed counts an attempt).
 */
function scheduled(sqlite: Database.Database, now: number): ComingUp[] {
  const rows = sqlite
    .prepare(
      `select execution_id as id, min(next_attempt_at) as at, count(*) as count, workflow_id, ${workflowName} from outbox
       where status = 'pending' and next_attempt_at > ? and kind = 'dispatch' and attempts = 0 and ${notHeld}
       group by workflow_id order by at limit ${SHOWN}`,
    )
    .all(now) as (Named & { id: number; at: number; count: number })[]
  return rows.map((row): ComingUp => ({ kind: 'dispatch_scheduled', ...row }))
}

/** Calls to n8n and webhooks in their backoff, a line per workflow (and kind of call). */
function retries(sqlite: Database.Database, now: number): ComingUp[] {
  const calls = sqlite
    .prepare(
      `select min(next_attempt_at) as at, count(*) as count, kind as call, workflow_id, ${workflowName} from outbox
       where status = 'pending' and next_attempt_at > ? and attempts > 0 and ${notHeld}
       group by workflow_id, kind order by at limit ${SHOWN}`,
    )
    .all(now) as (Named & { at: number; count: number; call: 'dispatch' | 'resume' | 'stop' })[]
  const webhooks = sqlite
    .prepare(
      `select min(next_retry_at) as at, count(*) as count, workflow_id, ${workflowName} from webhook_queue
       where status = 'queued' and next_retry_at > ? group by workflow_id order by at limit ${SHOWN}`,
    )
    .all(now) as (Named & { at: number; count: number })[]
  return [
    ...calls.map(({ call, ...row }): ComingUp => ({ kind: call === 'dispatch' ? 'dispatch_retry' : call === 'resume' ? 'resume_retry' : 'stop_retry', id: null, ...row })),
    ...webhooks.map((row): ComingUp => ({ kind: 'webhook_retry', id: null, ...row })),
  ]
}

/** Deadlines are grouped per workflow among this many of the soonest, so a flood costs no more to read. */
const DEADLINES_READ = 50

/**
 * Approvals that expire unless decided (one decided, its undo window running, will not), and
 * executions that time out unless n8n reports them: a line per workflow, counted among the
 * soonest DEADLINES_READ, naming the soonest (SQLite takes the bare id from the min() row).
 */
function deadlines(sqlite: Database.Database, now: number): ComingUp[] {
  const approvals = sqlite
    .prepare(
      `select id, min(at) as at, count(*) as count, workflow_id, ${workflowName} from (
         select id, expires_at as at, workflow_id from workflow_approvals
         where status = 'pending' and expires_at > ? and not exists (select 1 from undoable_decisions u where u.approval_id = workflow_approvals.id)
         order by expires_at limit ${DEADLINES_READ}
       ) group by workflow_id order by at limit ${SHOWN}`,
    )
    .all(now) as (Named & { id: number; at: number; count: number })[]
  const executions = sqlite
    .prepare(
      `select id, min(at) as at, count(*) as count, workflow_id, ${workflowName} from (
         select id, deadline_at as at, workflow_id from workflow_executions
         where status = 'running' and deadline_at > ? order by deadline_at limit ${DEADLINES_READ}
       ) group by workflow_id order by at limit ${SHOWN}`,
    )
    .all(now) as (Named & { id: number; at: number; count: number })[]
  return [
    ...approvals.map((row): ComingUp => ({ kind: 'approval_expires', ...row })),
    ...executions.map((row): ComingUp => ({ kind: 'execution_times_out', ...row })),
  ]
}
