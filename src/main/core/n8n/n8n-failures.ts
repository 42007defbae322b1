import type Database from 'better-sqlite3'
import type { Clock } from '../clock'
import type { Logger } from '../logger'
import type { Monitor } from '../monitor'
import type { N8nClient, N8nExecution } from './n8n-client'
import { n8nFailureOf } from './n8n-outcome'
import { N8nPoll } from './n8n-poll'

export const N8N_FAILURE_POLL_MS = 5 * 60_000
/** How far back a run that failed is still news: a first look reports the last day's, not n8n's whole history. */
const NEWS_MS = 24 * 3_600_000
/** The newest failures read at each look, of every workflow in n8n: one call, however many are linked. */
const READ_PER_LOOK = 100

interface LinkedWorkflow {
  id: number
  n8n_workflow_id: string
}

/**
 * Every few minutes: runs of linked workflows that failed in n8n without Flowgate starting them
 * (n8n's own schedule, its own webhook, the editor) become `n8n_run_failed` errors in the
 * activity log — why, at which node — so every failure shows in one place. Runs Flowgate
 * started are left to their executions, and each failure is reported once.
 */
export class N8nFailureWatch extends N8nPoll {
  readonly name = 'n8n-failures'
  private readonly reported = new Set<string>()
  private readonly s

  constructor(
    sqlite: Database.Database,
    private readonly monitor: Monitor,
    n8n: () => N8nClient | null,
    clock: Clock,
    private readonly log: Logger,
  ) {
    super(n8n, clock, N8N_FAILURE_POLL_MS)
    this.s = {
      linked: sqlite.prepare('select id, n8n_workflow_id from n8n_workflows where n8n_workflow_id is not null and deleted_at is null order by id'),
      // Started by Flowgate (a dispatch) or waiting on its approval: its own execution tells that story.
      known: sqlite
        .prepare('select exists (select 1 from workflow_executions where n8n_execution_id = @id) or exists (select 1 from workflow_approvals where n8n_execution_id = @id)')
        .pluck(),
      reportedBefore: sqlite
        .prepare("select 1 from workflow_monitoring where workflow_id = ? and event_type = 'n8n_run_failed' and timestamp >= ? and json_extract(event_data, '$.n8n_execution_id') = ?")
        .pluck(),
    }
  }

  protected async poll(client: N8nClient, now: number): Promise<void> {
    const linked = new Map((this.s.linked.all() as LinkedWorkflow[]).map((workflow) => [workflow.n8n_workflow_id, workflow.id]))
    if (linked.size === 0) return
    let failed: N8nExecution[]
    try {
      failed = await client.listExecutions({ status: 'error', limit: READ_PER_LOOK })
    } catch (error) {
      // n8n unreachable, the key refused: the next look tries again.
      this.log.warn({ err: error }, "could not read n8n's failed runs")
      return
    }
    for (const run of failed) {
      const workflowId = linked.get(run.workflowId)
      if (workflowId !== undefined && this.isNews(workflowId, run, now)) await this.report(client, workflowId, run)
    }
  }

  private isNews(workflowId: number, run: N8nExecution, now: number): boolean {
    const stoppedAt = Date.parse(run.stoppedAt ?? run.startedAt ?? '')
    if (!(stoppedAt >= now - NEWS_MS) || this.reported.has(run.id) || this.s.known.get({ id: run.id })) return false
    // Reported before a restart: remembered, so the log is asked once.
    if (!this.s.reportedBefore.get(workflowId, now - 2 * NEWS_MS, run.id)) return true
    this.remember(run.id)
    return false
  }

  private async report(client: N8nClient, workflowId: number, run: N8nExecution): Promise<void> {
    let why: string | null = null
    try {
      why = n8nFailureOf(await client.getExecution(run.id, { includeData: true }))
    } catch (error) {
      this.log.warn({ n8nExecutionId: run.id, err: error }, "could not read why n8n's run failed")
    }
    this.remember(run.id)
    this.monitor.record({
      eventType: 'n8n_run_failed',
      severity: 'error',
      workflowId,
      data: { n8n_execution_id: run.id, error: why ?? 'n8n reports the run failed', mode: run.mode ?? null, stopped_at: run.stoppedAt },
    })
  }

  /** The activity log remembers beyond this set; it only spares a query per run. */
  private remember(n8nExecutionId: string): void {
    if (this.reported.size >= 10_000) this.reported.clear()
    this.reported.add(n8nExecutionId)
  }
}
