import type Database from 'better-sqlite3'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import type { ScheduledTask } from '../scheduler'
import { duration } from '../../../shared/text'

const HOUR = 3_600_000

/**
 * When the workflow whose id is `id` (an SQL expression) was last heard from: its latest
 * execution created or webhook received, null if never. Each part is one index seek.
 */
export const lastHeardOf = (id: string): string => `nullif(max(
    coalesce((select max(e.created_at) from workflow_executions e where e.workflow_id = ${id}), 0),
    coalesce((select q.received_at from webhook_queue q where q.workflow_id = ${id} order by q.id desc limit 1), 0)), 0)`

/** From when a workflow counts as quiet: its expectation past the last time it was heard from (or its creation). */
export const quietFrom = (lastHeardAt: number | null, createdAt: number, everyHours: number): number => (lastHeardAt ?? createdAt) + everyHours * HOUR

export interface WatchedWorkflow {
  id: number
  workflow_name: string
  expect_run_every_hours: number
  last_heard_at: number | null
  /** When it is (or was) due to be heard from at the latest. */
  quiet_from: number
}

/**
 * Active workflows expected to be heard from regularly, soonest due first: a reader over one
 * prepared statement, since the scheduler asks at every tick.
 */
export function watchedWorkflowsReader(sqlite: Database.Database): () => WatchedWorkflow[] {
  const statement = sqlite.prepare(
    `select w.id, w.workflow_name, w.expect_run_every_hours, w.created_at, ${lastHeardOf('w.id')} as last_heard_at
     from n8n_workflows w where w.expect_run_every_hours is not null and w.is_active and w.deleted_at is null`,
  )
  return () =>
    (statement.all() as (Omit<WatchedWorkflow, 'quiet_from'> & { created_at: number })[])
      .map(({ created_at, ...row }) => ({ ...row, quiet_from: quietFrom(row.last_heard_at, created_at, row.expect_run_every_hours) }))
      .sort((a, b) => a.quiet_from - b.quiet_from)
}

/** "“Nightly sync” has not been heard from for 26 h (expected at least every 24 h)" */
export function quietReason(workflow: WatchedWorkflow, now: number): string {
  const since = workflow.last_heard_at === null ? 'has never been heard from' : `has not been heard from for ${duration((now - workflow.last_heard_at) / 1000)}`
  return `"${workflow.workflow_name}" ${since} (expected at least every ${workflow.expect_run_every_hours} h)`
}

/**
 * A warning once each time a workflow falls quiet (a cron in n8n that stopped, a credential that
 * expired): at the moment it does, never again until it is heard from and falls quiet anew.
 */
export class QuietWorkflowWatch implements ScheduledTask {
  readonly name = 'quiet-workflows'
  /** For each workflow, the quiet spell already reported (by when it began). */
  private readonly reported = new Map<number, number>()
  private readonly reportedBefore
  private readonly watched

  constructor(
    sqlite: Database.Database,
    private readonly monitor: Monitor,
    private readonly push: PushBus,
    private readonly now: () => number,
  ) {
    this.watched = watchedWorkflowsReader(sqlite)
    // Reported before a restart: the warning is in the activity log already.
    this.reportedBefore = sqlite.prepare("select 1 from workflow_monitoring where workflow_id = ? and event_type = 'workflow_quiet' and timestamp >= ? limit 1").pluck()
  }

  nextDueAt(): number | null {
    return this.unreported().find(() => true)?.quiet_from ?? null
  }

  async run(now: number): Promise<void> {
    for (const workflow of this.unreported().filter((w) => w.quiet_from <= now)) {
      this.monitor.record({
        eventType: 'workflow_quiet',
        severity: 'warning',
        workflowId: workflow.id,
        data: { reason: quietReason(workflow, now), last_heard_at: workflow.last_heard_at, expect_run_every_hours: workflow.expect_run_every_hours },
      })
      this.reported.set(workflow.id, workflow.quiet_from)
      this.push.emit('workflows.changed', { id: workflow.id })
    }
  }

  private unreported(): WatchedWorkflow[] {
    const now = this.now()
    return this.watched().filter((workflow) => {
      if (this.reported.get(workflow.id) === workflow.quiet_from) return false
      if (workflow.quiet_from <= now && this.reportedBefore.get(workflow.id, workflow.quiet_from)) {
        this.reported.set(workflow.id, workflow.quiet_from)
        return false
      }
      return true
    })
  }
}
