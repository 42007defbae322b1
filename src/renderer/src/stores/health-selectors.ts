import { healthCheckLabels, type HealthCheck, type HealthReport } from '../../../shared/schemas/health'
import { plural } from '../../../shared/text'
import type { HealthState } from './health'

export type OverallTone = 'ok' | 'warn' | 'down' | 'unknown'

/** The badge in the header: what one word says about the core right now. */
export function selectOverall(state: HealthState): { tone: OverallTone; label: string } {
  if (state.error) return { tone: 'down', label: 'Core unreachable' }
  if (!state.report) return { tone: 'unknown', label: 'Checking…' }
  if (state.report.status === 'ok') return { tone: 'ok', label: 'All systems ok' }
  const failing = checkRows(state.report).filter((row) => row.status === 'degraded' || row.status === 'down').length
  return { tone: 'warn', label: `Degraded: ${plural(failing, 'check')} failing` }
}

export interface CheckRow extends HealthCheck {
  id: string
  label: string
}

/** Derives new objects: call it inside useMemo, not as a store selector. */
export function checkRows(report: HealthReport | null): CheckRow[] {
  if (!report) return []
  return Object.entries(report.checks).map(([id, check]) => ({ id, label: healthCheckLabels[id as keyof typeof healthCheckLabels] ?? id, ...check }))
}
