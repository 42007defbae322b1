import fs from 'node:fs'
import path from 'node:path'
import type { BackupFile, BackupStatus } from '../../shared/schemas/monitoring'
import type { HealthCheck } from '../../shared/schemas/health'
import { FlowgateError } from '../../shared/errors'
import type { Clock } from './clock'
import type { Config } from './config'
import { copyDatabase } from './db/backup-thread'
import { discardPartial } from './durable-file'
import type { Logger } from './logger'
import type { MonitorEvent } from './monitor'
import type { ScheduledTask } from './scheduler'

const HOUR = 3_600_000
/** The first automatic backup waits this long after a start, so starting stays quick. */
const SETTLE_MS = 5 * 60_000
/** A failed backup is tried again after this long (or the interval, if shorter). */
const RETRY_MS = HOUR
/** A backup this late is reported as overdue. */
const OVERDUE_GRACE_MS = HOUR

/** `flowgate-2026-11-26-134500Z.db`, a suffix when two land in one second; sorts by time. */
const BACKUP_NAME = /^flowgate-(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?\.db$/
const PARTIAL = '.partial'

const stampOf = (ms: number) => new Date(ms).toISOString().replace(/(\d{2}):(\d{2}):(\d{2})\.\d+Z$/, '$1$2$3Z').replace('T', '-')
/** When a backup of ours was made, and its place among those of the same second. */
const parseName = (name: string): { at: number; seq: number } | null => {
  const m = BACKUP_NAME.exec(name)
  return m ? { at: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!), seq: Number(m[7] ?? 1) } : null
}
const ago = (ms: number) => (ms < HOUR ? `${Math.max(1, Math.round(ms / 60_000))} min` : `${Math.round(ms / HOUR)} h`)

/** A folder that is missing or cannot be read holds no backups; writing into it will say why. */
function readFolder(folder: string): fs.Dirent[] {
  try {
    return fs.readdirSync(folder, { withFileTypes: true })
  } catch {
    return []
  }
}

export interface BackupDeps {
  databaseFile: string
  dataDir: string
  nativeBinding?: string
  clock: Clock
  config: () => Config
  record: (event: MonitorEvent) => void
  log: Logger
  /** Told whenever the list of backups or their state changes. */
  changed: (running: boolean) => void
}

/**
 * Copies of the database: on a schedule into a folder that keeps the newest few, on demand
 * into that folder or to a file the operator names. Files in the folder that Flowgate did not
 * name are never touched.
 */
export class Backups implements ScheduledTask {
  readonly name = 'backups'
  private readonly startedAt: number
  private scanned: { folder: string; files: BackupFile[] } | null = null
  private lastError: { at: number; message: string } | null = null
  private running: Promise<BackupFile> | null = null

  constructor(private readonly deps: BackupDeps) {
    this.startedAt = deps.clock.now()
  }

  folder(): string {
    return this.deps.config().FLOWGATE_BACKUP_DIR ?? path.join(this.deps.dataDir, 'backups')
  }

  /** Nothing is due while a backup runs; its end wakes the scheduler again. */
  nextDueAt(): number | null {
    return this.running ? null : this.dueAt()
  }

  /** Started, not awaited: a large copy must not hold up the scheduler's other tasks. */
  run(): Promise<void> {
    this.backupNow().catch(() => undefined)
    return Promise.resolve()
  }

  /** When the next automatic backup is due; null when they are off. */
  private dueAt(): number | null {
    const hours = this.deps.config().FLOWGATE_BACKUP_INTERVAL_HOURS
    if (hours === 0) return null
    const interval = hours * HOUR
    if (this.lastError) return this.lastError.at + Math.min(RETRY_MS, interval)
    return Math.max((this.newest()?.at ?? -Infinity) + interval, this.startedAt + SETTLE_MS)
  }

  /** A new backup in the backup folder; older ones beyond the number to keep are deleted. */
  backupNow(): Promise<BackupFile> {
    this.running ??= this.createInFolder().finally(() => {
      this.running = null
      this.deps.changed(false)
    })
    this.deps.changed(true)
    return this.running
  }

  /** Resolves when no backup is being written (a stopping core waits for it). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined)
  }

  /** A one-off copy to a file the operator chose; it must be new. */
  async backupTo(target: string): Promise<{ path: string; bytes: number }> {
    const file = path.resolve(target)
    if (!fs.existsSync(path.dirname(file))) throw new FlowgateError('validation', `path: the folder ${path.dirname(file)} does not exist`)
    if (fs.existsSync(file)) throw new FlowgateError('conflict', `path: ${file} exists already; choose a new file`)
    await copyDatabase({ file: this.deps.databaseFile, target: file, nativeBinding: this.deps.nativeBinding })
    return { path: file, bytes: fs.statSync(file).size }
  }

  /** Read from the folder afresh: files may have been copied away or deleted by hand. */
  status(): BackupStatus {
    this.scanned = null
    const config = this.deps.config()
    return {
      enabled: config.FLOWGATE_BACKUP_INTERVAL_HOURS > 0,
      intervalHours: config.FLOWGATE_BACKUP_INTERVAL_HOURS,
      keep: config.FLOWGATE_BACKUP_KEEP,
      folder: this.folder(),
      running: this.running !== null,
      nextAt: this.dueAt(),
      lastError: this.lastError,
      files: this.files(),
    }
  }

  check(now: number): HealthCheck {
    const newest = this.newest()
    const last = newest ? `last ${ago(now - newest.at)} ago` : 'none yet'
    if (this.lastError) return { status: 'degraded', detail: `backup failed: ${this.lastError.message}; ${last}` }
    const due = this.dueAt()
    if (due === null) return { status: 'off', detail: `automatic backups are off; ${last}` }
    if (now > due + OVERDUE_GRACE_MS) return { status: 'degraded', detail: `overdue: ${last}` }
    return { status: 'ok', detail: `${last}, next in ${ago(Math.max(0, due - now))}` }
  }

  private async createInFolder(): Promise<BackupFile> {
    const started = this.deps.clock.now()
    const folder = this.folder()
    try {
      fs.mkdirSync(folder, { recursive: true })
      this.removePartials(folder)
      const name = this.freeName(folder, started)
      const file = path.join(folder, name)
      // Written under a name the folder's list ignores, so a crash never leaves a half backup among the real ones.
      try {
        await copyDatabase({ file: this.deps.databaseFile, target: file + PARTIAL, nativeBinding: this.deps.nativeBinding })
        fs.renameSync(file + PARTIAL, file)
      } catch (error) {
        discardPartial(file + PARTIAL)
        throw error
      }
      const made: BackupFile = { name, path: file, bytes: fs.statSync(file).size, at: parseName(name)!.at }
      this.lastError = null
      this.scanned = null
      const removed = this.prune()
      this.deps.record({ eventType: 'backup_completed', severity: 'info', data: { file, bytes: made.bytes, ms: this.deps.clock.now() - started, removed } })
      this.deps.log.info({ file, bytes: made.bytes, removed }, 'backup written')
      return made
    } catch (error) {
      const message = (error as Error).message
      this.lastError = { at: started, message }
      this.deps.record({ eventType: 'backup_failed', severity: 'error', data: { folder, error: message } })
      this.deps.log.error({ err: error, folder }, 'backup failed')
      throw new FlowgateError('unavailable', `Backup into ${folder} failed: ${message}`)
    }
  }

  private freeName(folder: string, at: number): string {
    const base = `flowgate-${stampOf(at)}`
    for (let n = 1; ; n++) {
      const name = n === 1 ? `${base}.db` : `${base}-${n}.db`
      if (!fs.existsSync(path.join(folder, name))) return name
    }
  }

  private removePartials(folder: string): void {
    for (const name of fs.readdirSync(folder)) {
      if (name.endsWith(PARTIAL) && BACKUP_NAME.test(name.slice(0, -PARTIAL.length))) discardPartial(path.join(folder, name))
    }
  }

  /** Deletes the oldest of our backups beyond the number to keep; returns how many. */
  private prune(): number {
    const surplus = this.files().slice(this.deps.config().FLOWGATE_BACKUP_KEEP)
    for (const file of surplus) fs.rmSync(file.path, { force: true })
    if (surplus.length > 0) this.scanned = null
    return surplus.length
  }

  private newest(): BackupFile | undefined {
    return this.files()[0]
  }

  /** Our backups in the folder, newest first; read again only when the folder changes or after a write. */
  private files(): BackupFile[] {
    const folder = this.folder()
    if (this.scanned?.folder === folder) return this.scanned.files
    const found = readFolder(folder).flatMap((entry) => {
      const parsed = entry.isFile() ? parseName(entry.name) : null
      const file = path.join(folder, entry.name)
      const bytes = parsed && fs.statSync(file, { throwIfNoEntry: false })?.size
      return parsed && bytes !== undefined && bytes !== null ? [{ ...parsed, file: { name: entry.name, path: file, bytes, at: parsed.at } }] : []
    })
    const files = found.sort((a, b) => b.at - a.at || b.seq - a.seq).map((f) => f.file)
    this.scanned = { folder, files }
    return files
  }
}
