import type Database from 'better-sqlite3'
import { median } from '../median'
import { muchSlower, RECENT_RUNS, RECENT_RUNS_HOURS, USUAL_RUNS, type RunTimes } from '../../../shared/schemas/workflows'

const HOUR = 3_600_000

/** The run times of a workflow's latest completed runs on one side of a moment, newest first: a bounded walk back along its index. */
const durations = (sqlite: Database.Database, side: string, limit: number) =>
  sqlite
    .prepare(
      `select duration_seconds from workflow_executions indexed by workflow_executions_workflow_idx
       where workflow_id = ? and ${side} and status = 'completed' and duration_seconds is not null
       order by created_at desc limit ${limit}`,
    )
    .pluck()

const ascending = (values: number[]) => values.sort((a, b) => a - b)

/** How long a workflow's runs usually took before a moment: the median of up to USUAL_RUNS completed ones; null without any. */
export function usualRunTimeReader(sqlite: Database.Database): (workflowId: number, before: number) => number | null {
  const usualRuns = durations(sqlite, 'created_at < ?', USUAL_RUNS)
  return (workflowId, before) => median(ascending(usualRuns.all(workflowId, before) as number[]))
}
/** Fewer runs than these say nothing about a workflow's speed. */
const JUDGED_WITH = { recent: 3, usual: 10 }

/** Enough runs on both sides to say whether they are slower. */
export const isJudged = ({ recent_runs, usual_runs }: Omit<RunTimes, 'slower'>): boolean => recent_runs >= JUDGED_WITH.recent && usual_runs >= JUDGED_WITH.usual

/** Slower than usual: judged on enough runs, the recent median much slower than the usual one. */
export const isSlower = (times: Omit<RunTimes, 'slower'>): boolean => {
  const { recent_seconds: recent, usual_seconds: usual } = times
  return isJudged(times) && recent !== null && usual !== null && muchSlower(recent, usual)
}

/**
 * A workflow's run times: the median of its latest completed runs created within the last
 * RECENT_RUNS_HOURS hours against the median of those before. Each side is one bounded walk
 * back along its (workflow, created, status, duration) index, which holds all it reads.
 */
export function runTimesReader(sqlite: Database.Database): (workflowId: number, now: number) => RunTimes {
  const recentRuns = durations(sqlite, 'created_at >= ?', RECENT_RUNS)
  const usualRuns = durations(sqlite, 'created_at < ?', USUAL_RUNS)
  return (workflowId, now) => {
    const since = now - RECENT_RUNS_HOURS * HOUR
    const recent = ascending(recentRuns.all(workflowId, since) as number[])
    const usual = ascending(usualRuns.all(workflowId, since) as number[])
    const times = { recent_seconds: median(recent), recent_runs: recent.length, usual_seconds: median(usual), usual_runs: usual.length }
    return { ...times, slower: isSlower(times) }
  }
}

/** Active workflows running slower than usual, the most slowed first; only those with a completed run lately are looked at. */
export function slowWorkflows(sqlite: Database.Database, now: number): (RunTimes & { id: number; workflow_name: string })[] {
  const candidates = sqlite
    .prepare(
      `select w.id, w.workflow_name from n8n_workflows w where w.is_active and w.deleted_at is null
         and exists (select 1 from workflow_executions e indexed by workflow_executions_workflow_idx
                     where e.workflow_id = w.id and e.created_at >= ? and e.status = 'completed')`,
    )
    .all(now - RECENT_RUNS_HOURS * HOUR) as { id: number; workflow_name: string }[]
  const runTimes = runTimesReader(sqlite)
  const slowedBy = (times: RunTimes) => times.recent_seconds! / times.usual_seconds!
  return candidates
    .map((workflow) => ({ ...workflow, ...runTimes(workflow.id, now) }))
    .filter((workflow) => workflow.slower)
    .sort((a, b) => slowedBy(b) - slowedBy(a))
}
