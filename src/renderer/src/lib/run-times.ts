import { muchSlower, RECENT_RUNS_HOURS, type RunTimes } from '../../../shared/schemas/workflows'
import { duration, plural } from '../../../shared/text'

/** "lately 2 min 10 s (its last 6 runs) · usually 30 s — slower than usual": medians of completed runs, as the core compares them. */
export function runTimesSummary(times: RunTimes): string {
  const { recent_seconds, recent_runs, usual_seconds, usual_runs, slower } = times
  if (recent_seconds === null && usual_seconds === null) return 'no completed runs yet'
  const lately = recent_seconds === null ? `none completed in the last ${RECENT_RUNS_HOURS} h` : `lately ${duration(recent_seconds)} (${recent_runs === 1 ? 'its last run' : `its last ${recent_runs} runs`})`
  const usually = usual_seconds === null ? 'nothing before to compare with' : `usually ${duration(usual_seconds)} (${plural(usual_runs, 'run')} before)`
  return `${lately} · ${usually}${slower ? ' — slower than usual' : ''}`
}

/** "took 2 min 12 s, 4.4× its usual 30.0 s" where it ran slow by the rule the workflow is judged by, "took 31.0 s (usually 30.0 s)" otherwise. */
export function tookSaid(seconds: number | null, usualSeconds: number | null): { text: string; slow: boolean } {
  if (seconds === null) return { text: 'took —', slow: false }
  if (usualSeconds === null) return { text: `took ${duration(seconds)}`, slow: false }
  const slow = muchSlower(seconds, usualSeconds)
  const times = usualSeconds > 0 ? `${(seconds / usualSeconds).toFixed(1)}× its usual` : 'usually'
  return slow ? { text: `took ${duration(seconds)}, ${times} ${duration(usualSeconds)}`, slow } : { text: `took ${duration(seconds)} (usually ${duration(usualSeconds)})`, slow }
}
