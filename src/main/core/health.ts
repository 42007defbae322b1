import fs from 'node:fs'
import { healthCheckLabels, type HealthCheck, type HealthReport } from '../../shared/schemas/health'
import { duration } from '../../shared/text'
import type { Clock } from './clock'
import type { OpenedDatabase } from './db/open'
import type { StorageTrouble } from './intake/group-commit'
import { databaseOnDisk } from './storage'

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
  /** Webhooks refused (503) because they could not be stored, from the latest commit on. */
  intakeTrouble?: () => StorageTrouble | null
  /** Whether N8N_WEBHOOK_SECRET is set; without it (and no workflow's own) the public door refuses everything. */
  globalSecretSet?: () => boolean
  /** How late the scheduler's last run was, and how long new work has waited for one, in ms. */
  scheduler?: () => { lagMs: number; waitingMs: number }
  logFile?: () => string | null
  databaseFile?: string
  /** How long the oldest write has waited for the database, in ms. */
  writeWaitMs?: () => number
  n8n?: () => HealthCheck
  tunnel?: () => HealthCheck
  backup?: () => HealthCheck
  alerts?: () => HealthCheck
}

const LAG_WARNING_MS = 5_000
const MIN_FREE_BYTES = 1024 ** 3
const QUEUE_AGE_WARNING_S = 600
const WRITE_WAIT_WARNING_MS = 1_000

function schedulerCheck({ lagMs, waitingMs }: { lagMs: number; waitingMs: number }): HealthCheck {
  if (waitingMs > LAG_WARNING_MS) return { status: 'degraded', detail: `new work has waited ${Math.round(waitingMs / 1000)} s for a run` }
  const detail = `last run ${lagMs} ms late`
  return lagMs > LAG_WARNING_MS ? { status: 'degraded', detail } : { status: 'ok', detail }
}

function queueCheck(database: OpenedDatabase, now: number): HealthCheck {
  try {
    const row = database.sqlite
      .prepare("select count(*) as depth, min(received_at) as oldest from webhook_queue where status in ('queued', 'processing')")
      .get() as { depth: number; oldest: number | null }
    const age = row.oldest === null ? 0 : Math.round((now - row.oldest) / 1000)
    const detail = row.depth === 0 ? 'empty' : `${row.depth} waiting, oldest ${age} s`
    return age > QUEUE_AGE_WARNING_S ? { status: 'degraded', detail } : { status: 'ok', detail }
  } catch (error) {
    return { status: 'down', detail: `cannot read the queue: ${(error as Error).message}` }
  }
}

function diskCheck(dataDir: string): HealthCheck {
  try {
    const stats = fs.statfsSync(dataDir)
    const free = stats.bavail * stats.bsize
    const detail = `${(free / 1024 ** 3).toFixed(1)} GiB free`
    return free < MIN_FREE_BYTES ? { status: 'degraded', detail } : { status: 'ok', detail }
  } catch (error) {
    return { status: 'degraded', detail: `free space unknown: ${(error as Error).message}` }
  }
}

function databaseCheck(database: OpenedDatabase, writeWaitMs: number, sizeBytes: number): HealthCheck {
  try {
    database.sqlite.prepare('select 1').get()
    if (writeWaitMs > WRITE_WAIT_WARNING_MS) {
      return { status: 'degraded', detail: `busy: a write has waited ${writeWaitMs} ms for the database lock (another program may hold it)` }
    }
    return { status: 'ok', detail: `SQLite answers, ${(sizeBytes / 1024 ** 2).toFixed(1)} MiB on disk` }
  } catch (error) {
    return { status: 'down', detail: `SQLite error: ${(error as Error).message}` }
  }
}

/** The database file with its write-ahead log, in bytes on disk. */
function databaseSize(file: string | undefined): number {
  if (!file) return 0
  const onDisk = databaseOnDisk(file)
  return onDisk.file + onDisk.wal
}

const listenerCheck = (url: string | null): HealthCheck =>
  url ? { status: 'ok', detail: `listening on ${url}` } : { status: 'down', detail: 'not listening' }

const anyWorkflowSecret = (database: OpenedDatabase): boolean =>
  database.sqlite.prepare('select 1 from n8n_workflows where webhook_secret is not null and deleted_at is null limit 1').get() !== undefined

/** Listening is not enough: with no secret anywhere, every webhook n8n sends is refused (not set up, like an n8n API without its key). */
function publicListenerCheck(url: string | null, database: OpenedDatabase, globalSecretSet: boolean, trouble: StorageTrouble | null, now: number): HealthCheck {
  const listening = listenerCheck(url)
  if (listening.status === 'ok' && trouble) {
    // Just begun, "for 12 ms" would say nothing.
    const lasting = now - trouble.since < 1_000 ? '' : ` for ${duration((now - trouble.since) / 1000)}`
    return { status: 'down', detail: `refusing webhooks (503)${lasting}: they cannot be stored (${trouble.error}); n8n is told to send them again` }
  }
  if (listening.status !== 'ok' || globalSecretSet) return listening
  try {
    if (anyWorkflowSecret(database)) return listening
  } catch {
    return listening // the database check reports that
  }
  return { status: 'off', detail: `listening on ${url}, but refusing every webhook: no webhook secret is set (Settings → Webhook secret)` }
}

/** The full report for the admin side; degraded states are reported, never thrown. */
export function healthReport(deps: HealthDeps): HealthReport {
  const { publicUrl, adminUrl } = deps.listeners()
  const databaseSizeBytes = databaseSize(deps.databaseFile)
  const checks = {
    database: databaseCheck(deps.database, deps.writeWaitMs?.() ?? 0, databaseSizeBytes),
    publicListener: publicListenerCheck(publicUrl, deps.database, deps.globalSecretSet?.() ?? true, deps.intakeTrouble?.() ?? null, deps.clock.now()),
    adminListener: listenerCheck(adminUrl),
    scheduler: schedulerCheck(deps.scheduler?.() ?? { lagMs: 0, waitingMs: 0 }),
    queue: queueCheck(deps.database, deps.clock.now()),
    disk: diskCheck(deps.dataDir),
    n8n: deps.n8n?.() ?? { status: 'off', detail: 'not checked' },
    tunnel: deps.tunnel?.() ?? { status: 'off', detail: 'not checked' },
    backup: deps.backup?.() ?? { status: 'off', detail: 'not checked' },
    alerts: deps.alerts?.() ?? { status: 'off', detail: 'not checked' },
  }
  const status = Object.values(checks).every((c) => c.status === 'ok' || c.status === 'off') ? 'ok' : 'degraded'
  return {
    status,
    version: deps.version,
    startedAt: new Date(deps.startedAt).toISOString(),
    uptimeSeconds: Math.max(0, Math.round((deps.clock.now() - deps.startedAt) / 1000)),
    dataDir: deps.dataDir,
    databaseSizeBytes,
    logFile: deps.logFile?.() ?? null,
    checks,
  }
}

type CheckId = keyof HealthReport['checks']

/** "Disk: 0.8 GiB free": a check as an event or a message says it. */
export const checkSaid = (id: CheckId, check: HealthCheck): string => `${healthCheckLabels[id]}: ${check.detail}`

export const isUnwell = (check: HealthCheck): boolean => check.status === 'degraded' || check.status === 'down'

/** Every part unwell now, as said; the scheduler's lateness is a moment's figure (a laptop waking), not a state. */
export const unwellChecks = (report: HealthReport): string[] =>
  (Object.keys(report.checks) as CheckId[]).filter((id) => id !== 'scheduler' && isUnwell(report.checks[id])).map((id) => checkSaid(id, report.checks[id]))
