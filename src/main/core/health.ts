import type { HealthCheck, HealthReport } from '../../shared/schemas/health'
import type { Clock } from './clock'
import type { OpenedDatabase } from './db/open'

export interface ListenerState {
  publicUrl: string | null
  adminUrl: string | null
}

export interface HealthDeps {
  database: OpenedDatabase
  clock: Clock
  startedAt: number
  dataDir: string
  version: string
  listeners: () => ListenerState
}

function databaseCheck(database: OpenedDatabase): HealthCheck {
  try {
    database.sqlite.prepare('select 1').get()
    return { status: 'ok', detail: 'SQLite answers' }
  } catch (error) {
    return { status: 'down', detail: `SQLite error: ${(error as Error).message}` }
  }
}

const listenerCheck = (url: string | null): HealthCheck =>
  url ? { status: 'ok', detail: `listening on ${url}` } : { status: 'down', detail: 'not listening' }

/** The full report for the admin side; degraded states are reported, never thrown. */
export function healthReport(deps: HealthDeps): HealthReport {
  const { publicUrl, adminUrl } = deps.listeners()
  const checks = {
    database: databaseCheck(deps.database),
    publicListener: listenerCheck(publicUrl),
    adminListener: listenerCheck(adminUrl),
  }
  const status = Object.values(checks).every((c) => c.status === 'ok') ? 'ok' : 'degraded'
  return {
    status,
    version: deps.version,
    startedAt: new Date(deps.startedAt).toISOString(),
    uptimeSeconds: Math.max(0, Math.round((deps.clock.now() - deps.startedAt) / 1000)),
    dataDir: deps.dataDir,
    checks,
  }
}
