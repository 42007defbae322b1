import { slowerFiguresSaid } from '../../shared/schemas/workflows'
import type { Notice } from './tray-model'

/** An active workflow whose recent runs take much longer than usual, as the dashboard lists it. */
export interface SlowWorkflow {
  id: number
  name: string
  recentRuns: number
  recentSeconds: number
  usualSeconds: number
}

/** A workflow hovering near the line would come and go from the list: a day between its notices. */
export const SLOW_NOTICE_EVERY_MS = 24 * 3_600_000

/**
 * One notice for each workflow that is slower than usual and was not announced within the day
 * (`announced`: when each was last; null at the first look, so a start does not announce what
 * was slow already), and when each is announced now. A click opens the workflow.
 */
export function newSlowWorkflowNotices(
  announced: ReadonlyMap<number, number> | null,
  slow: SlowWorkflow[],
  now: number,
): { notices: Notice[]; announced: Map<number, number> } {
  const due = announced === null ? [] : slow.filter((workflow) => now - (announced.get(workflow.id) ?? -Infinity) >= SLOW_NOTICE_EVERY_MS)
  const fresh = announced === null ? slow : due
  return {
    notices: due.map((workflow) => ({
      title: `"${workflow.name}" runs slower than usual`,
      body: `Its ${slowerFiguresSaid({ recent_runs: workflow.recentRuns, recent_seconds: workflow.recentSeconds, usual_seconds: workflow.usualSeconds })}: look at what it calls, before runs time out.`,
      click: { kind: 'openWorkflow', id: workflow.id },
      approvalId: null,
      actions: [],
    })),
    announced: new Map([...(announced ?? []), ...fresh.map((workflow) => [workflow.id, now] as const)]),
  }
}
