import type Database from 'better-sqlite3'
import type { Clock } from './clock'
import type { Severity } from './db/enums'

export interface MonitorEvent {
  eventType: string
  severity: Severity
  workflowId?: number | null
  executionId?: number | null
  data?: unknown
}

/** Records what happens, for the monitoring screens. Never throws into the caller's path. */
export class Monitor {
  private readonly insert: Database.Statement

  constructor(
    sqlite: Database.Database,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.insert = sqlite.prepare(
      'insert into workflow_monitoring (workflow_id, execution_id, event_type, severity, event_data, timestamp) values (?, ?, ?, ?, ?, ?)',
    )
  }

  record(event: MonitorEvent): void {
    try {
      this.insert.run(
        event.workflowId ?? null,
        event.executionId ?? null,
        event.eventType,
        event.severity,
        event.data === undefined ? null : JSON.stringify(event.data),
        this.clock.now(),
      )
    } catch (error) {
      this.onError(error)
    }
  }
}

/**
 * At most one event per key per interval; the next one carries how many were held back.
 * A flood of bad requests then costs a few rows, not one row each.
 */
export class ThrottledRecorder {
  private readonly windows = new Map<string, { until: number; suppressed: number }>()

  constructor(
    private readonly monitor: Monitor,
    private readonly clock: Clock,
    private readonly intervalMs = 10_000,
  ) {}

  record(key: string, event: MonitorEvent): boolean {
    const now = this.clock.now()
    const window = this.windows.get(key)
    if (window && now < window.until) {
      window.suppressed += 1
      return false
    }
    const suppressed = window?.suppressed ?? 0
    this.windows.set(key, { until: now + this.intervalMs, suppressed: 0 })
    if (this.windows.size > 10_000) this.forgetExpired(now)
    this.monitor.record(suppressed ? { ...event, data: { ...(event.data as object), suppressed } } : event)
    return true
  }

  private forgetExpired(now: number): void {
    for (const [key, window] of this.windows) if (window.until <= now && window.suppressed === 0) this.windows.delete(key)
  }
}
