import type Database from 'better-sqlite3'
import type { Monitor } from '../monitor'
import type { Logger } from '../logger'
import { duration } from '../../../shared/text'
import { slowerSaid } from '../../../shared/schemas/workflows'
import { isJudged, runTimesReader } from './run-times'

/**
 * Looks at a workflow's run times each time one of its runs completes: a `workflow_slow` warning
 * when its runs turn slower than usual, and a `workflow_usual_speed` note when, judged again on
 * enough runs, they are back — so the activity log says when a slowdown began and ended.
 */
export class SlowWorkflowWatch {
  private readonly runTimes
  private readonly s
  /** Whether each workflow looked at is in a slow spell; read from the activity log the first time (it outlives a restart). */
  private readonly slow = new Map<number, boolean>()

  constructor(
    sqlite: Database.Database,
    private readonly monitor: Monitor,
    private readonly log: Logger,
  ) {
    this.runTimes = runTimesReader(sqlite)
    this.s = {
      name: sqlite.prepare('select workflow_name from n8n_workflows where id = ?').pluck(),
      lastSaid: sqlite
        .prepare("select event_type from workflow_monitoring where workflow_id = ? and event_type in ('workflow_slow', 'workflow_usual_speed') order by timestamp desc, id desc limit 1")
        .pluck(),
    }
  }

  /** Never throws: the completion it follows is recorded already. */
  afterCompletion(workflowId: number, now: number): void {
    try {
      this.lookAt(workflowId, now)
    } catch (error) {
      this.log.error({ err: error, workflowId }, 'could not look at the run times')
    }
  }

  private lookAt(workflowId: number, now: number): void {
    const times = this.runTimes(workflowId, now)
    const wasSlow = this.slow.get(workflowId) ?? this.s.lastSaid.get(workflowId) === 'workflow_slow'
    const name = () => this.s.name.get(workflowId) as string
    const figures = { recent_seconds: times.recent_seconds, recent_runs: times.recent_runs, usual_seconds: times.usual_seconds, usual_runs: times.usual_runs }
    if (times.slower && !wasSlow) {
      this.monitor.record({ eventType: 'workflow_slow', severity: 'warning', workflowId, data: { reason: slowerSaid(name(), times), ...figures } })
    } else if (wasSlow && !times.slower && isJudged(times)) {
      const reason = `"${name()}" runs at its usual speed again: its last ${times.recent_runs} runs took ${duration(times.recent_seconds)} (median), usually ${duration(times.usual_seconds)}`
      this.monitor.record({ eventType: 'workflow_usual_speed', severity: 'info', workflowId, data: { reason, ...figures } })
    }
    // Too few recent runs to judge: the spell neither begins nor ends.
    this.slow.set(workflowId, times.slower || (wasSlow && !isJudged(times)))
  }
}
