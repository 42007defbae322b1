import { describe, expect, it } from 'vitest'
import type { HealthReport } from '../../src/shared/schemas/health'
import { initialHealthState, type HealthState } from '../../src/renderer/src/stores/health'
import { sampleHealth } from '../helpers/api'
import { checkRows, selectOverall } from '../../src/renderer/src/stores/health-selectors'

const report: HealthReport = sampleHealth
const state = (patch: Partial<HealthState>): HealthState => ({ ...initialHealthState, ...patch })

describe('health selectors', () => {
  it('says "checking" before the first answer', () => {
    expect(selectOverall(initialHealthState)).toEqual({ tone: 'unknown', label: 'Checking…' })
  })

  it('reports ok, degraded with a count, or unreachable', () => {
    expect(selectOverall(state({ report }))).toEqual({ tone: 'ok', label: 'All systems ok' })
    const degraded: HealthReport = {
      ...report,
      status: 'degraded',
      checks: { ...report.checks, database: { status: 'down', detail: 'SQLite error' }, n8n: { status: 'off', detail: 'n8n API not configured' } },
    }
    expect(selectOverall(state({ report: degraded }))).toEqual({ tone: 'warn', label: 'Degraded: 1 check failing' })
    expect(selectOverall(state({ report, error: 'fetch failed' }))).toEqual({ tone: 'down', label: 'Core unreachable' })
  })

  it('labels each check for people', () => {
    expect(checkRows(report).map((r) => r.label)).toEqual([
      'Database',
      'Public listener (webhooks)',
      'Admin listener (console)',
      'Scheduler',
      'Webhook queue',
      'Disk',
      'n8n API',
      'Tunnel (n8n reaching Flowgate)',
      'Backups',
      'Alerts (phone or chat)',
    ])
    expect(checkRows(null)).toEqual([])
  })
})
