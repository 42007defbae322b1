import type Database from 'better-sqlite3'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import type { Logger } from '../logger'
import { plural } from '../../../shared/text'
import { FAILING_AFTER } from '../../../shared/schemas/workflows'

/** A workflow's unbroken run of failed executions: those created after its latest completed one. */
export interface FailureStreak {
  workflow_id: number
  workflow_name: string
  /** The workflow's own switches: a streak of an inactive one is not news, and a hold is made once. */
  is_active: number
  calls_held: number
  hold_after_failures: number | null
  /** Its latest completed execution, where the streak starts (null: none ever completed), and when that was created. */
  after_execution_id: number | null
  after_created_at: number
  failed_in_a_row: number
  /** When the first of them was created. */
  failing_since: number
  /** What the newest of them failed with. */
  last_error: string | null
}

/**
 * Each live workflow's streak of at least `atLeast` failures (`ids`: only those workflows).
 * Cancelled executions neither break a streak nor count in it. Per workflow: one backward
 * walk of its (workflow, created, status) index to its latest completed execution, then the
 * failures after it.
 */
export function failureStreaksReader(sqlite: Database.Database): (atLeast: number, ids?: number[]) => FailureStreak[] {
  const failuresAfter = (alias: string) => `workflow_executions ${alias} indexed by workflow_executions_workflow_idx
    where ${alias}.workflow_id = b.id and ${alias}.created_at >= b.completed_at and ${alias}.status = 'failed'
      and (${alias}.created_at > b.completed_at or ${alias}.id > b.completed_id)`
  const statement = sqlite.prepare(
    `with latest as materialized (
       select w.id, w.workflow_name, w.is_active, w.calls_held, w.hold_after_failures, coalesce((select e.created_at from workflow_executions e indexed by workflow_executions_workflow_idx
         where e.workflow_id = w.id and e.status = 'completed' order by e.created_at desc limit 1), -1) as completed_at
       from n8n_workflows w where w.deleted_at is null and (@ids is null or w.id in (select value from json_each(@ids)))),
     -- Executions created in the same millisecond keep their order by id.
     boundary as materialized (
       select l.*, coalesce((select max(e.id) from workflow_executions e indexed by workflow_executions_workflow_idx
         where e.workflow_id = l.id and e.created_at = l.completed_at and e.status = 'completed'), 0) as completed_id
       from latest l),
     streaks as (
       select b.id as workflow_id, b.workflow_name, b.is_active, b.calls_held, b.hold_after_failures, nullif(b.completed_id, 0) as after_execution_id, b.completed_at as after_created_at,
         (select count(*) from ${failuresAfter('e')}) as failed_in_a_row,
         (select min(e.created_at) from ${failuresAfter('e')}) as failing_since,
         (select e.error_message from ${failuresAfter('e')} order by e.created_at desc limit 1) as last_error
       from boundary b)
     select * from streaks where failed_in_a_row >= @atLeast order by failing_since`,
  )
  return (atLeast, ids) => statement.all({ atLeast, ids: ids ? JSON.stringify(ids) : null }) as FailureStreak[]
}

/** Active workflows failing now: their last FAILING_AFTER or more executions failed. */
export const failingWorkflows = (sqlite: Database.Database): FailureStreak[] => failureStreaksReader(sqlite)(FAILING_AFTER).filter((streak) => streak.is_active)

/** "its last 5 runs failed (SMTP 550: mailbox unavailable)" */
export function streakReason(streak: FailureStreak): string {
  const error = streak.last_error ? ` (${streak.last_error.slice(0, 200)})` : ''
  return `its last ${plural(streak.failed_in_a_row, 'run')} failed${error}`
}

/**
 * Looks at a workflow each time one of its executions fails: a warning once when it starts
 * failing in a row, and — where the workflow asks for it — its calls to n8n held once the run of
 * failures is long enough, so nothing more is sent to a workflow that is broken (nothing is lost:
 * the calls wait until released).
 */
export class FailingWorkflowWatch {
  private readonly streaks
  private readonly s
  /** For each workflow, the streak already reported (by the completed execution it follows, 0 for none). */
  private readonly reported = new Map<number, number>()

  constructor(
    sqlite: Database.Database,
    private readonly monitor: Monitor,
    private readonly push: PushBus,
    private readonly log: Logger,
  ) {
    this.streaks = failureStreaksReader(sqlite)
    this.s = {
      // Said before a restart: the warning is in the activity log already.
      reportedBefore: sqlite
        .prepare("select 1 from workflow_monitoring where workflow_id = ? and event_type = 'workflow_failing' and timestamp >= ? and coalesce(event_data ->> 'after_execution_id', 0) = ? limit 1")
        .pluck(),
      hold: sqlite.prepare('update n8n_workflows set calls_held = 1, calls_held_reason = ?, updated_at = ? where id = ? and not calls_held'),
    }
  }

  /** Never throws: the failure it follows is recorded already, and a problem here must not undo that. */
  afterFailure(workflowId: number, now: number): void {
    try {
      this.lookAt(workflowId, now)
    } catch (error) {
      this.log.error({ err: error, workflowId }, 'could not look at the run of failures')
    }
  }

  private lookAt(workflowId: number, now: number): void {
    const [streak] = this.streaks(1, [workflowId])
    if (!streak) return
    if (streak.is_active && streak.failed_in_a_row >= FAILING_AFTER && !this.alreadyReported(streak)) {
      this.monitor.record({
        eventType: 'workflow_failing',
        severity: 'warning',
        workflowId,
        data: { reason: `"${streak.workflow_name}": ${streakReason(streak)}`, failed_in_a_row: streak.failed_in_a_row, failing_since: streak.failing_since, after_execution_id: streak.after_execution_id },
      })
      this.reported.set(workflowId, streak.after_execution_id ?? 0)
    }
    const holdAt = streak.hold_after_failures
    if (holdAt !== null && streak.failed_in_a_row >= holdAt && !streak.calls_held) {
      const reason = streakReason(streak)
      this.s.hold.run(reason, now, workflowId)
      this.monitor.record({
        eventType: 'calls_held_automatically',
        severity: 'warning',
        workflowId,
        data: { reason: `Calls to n8n held for "${streak.workflow_name}": ${reason}; release them once it is fixed`, failed_in_a_row: streak.failed_in_a_row },
      })
    }
    this.push.emit('workflows.changed', { id: workflowId })
  }

  private alreadyReported(streak: FailureStreak): boolean {
    const after = streak.after_execution_id ?? 0
    if (this.reported.get(streak.workflow_id) === after) return true
    if (!this.s.reportedBefore.get(streak.workflow_id, streak.after_created_at, after)) return false
    this.reported.set(streak.workflow_id, after)
    return true
  }
}
