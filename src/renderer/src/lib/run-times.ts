import { RECENT_RUNS_HOURS, type RunTimes } from '../../../shared/schemas/workflows'
import { duration, plural } from '../../../shared/text'

/** "lately 2 min 10 s (its last 6 runs) · usually 30 s — slower than usual": medians of completed runs, as the core compares them. */
export function runTimesSummary(times: RunTimes): string {
  const { recent_seconds, recent_runs, usual_seconds, usual_runs, slower } = times
  if (recent_seconds === null && usual_seconds === null) return 'no completed runs yet'
  const lately = recent_seconds === null ? `none completed in the last ${RECENT_RUNS_HOURS} h` : `lately ${duration(recent_seconds)} (${recent_runs === 1 ? 'its last run' : `its last ${recent_runs} runs`})`
  const usually = usual_seconds === null ? 'nothing before to compare with' : `usually ${duration(usual_seconds)} (${plural(usual_runs, 'run')} before)`
  return `${lately} · ${usually}${slower ? ' — slower than usual' : ''}`
}
