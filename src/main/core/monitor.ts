import type { Clock } from './clock'
import type { Severity } from './db/enums'
import type { DatabaseWriter } from './db/writer'

export interface MonitorEvent {
  eventType: string
  severity: Severity
  workflowId?: number | null
  executionId?: number | null
  data?: unknown
}

type Row = [number | null, number | null, string, string, string | null, number]

/**
 * Records what happens, for the monitoring screens. Events are buffered and written together
 * by the writer thread on the next turn of the event loop. Never throws into the caller's path.
 */
export class Monitor {
  private buffer: Row[] = []
  private readonly listeners: ((event: MonitorEvent) => void)[] = []
  private scheduled = false
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly writer: DatabaseWriter,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => undefined,
    /** After events are stored. */
    private readonly onStored: () => void = () => undefined,
  ) {}

  /** Hears every event as it is recorded (alerts sent elsewhere). */
  listen(listener: (event: MonitorEvent) => void): void {
    this.listeners.push(listener)
  }

  record(event: MonitorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        this.onError(error)
      }
    }
    this.buffer.push([
      event.workflowId ?? null,
      event.executionId ?? null,
      event.eventType,
      event.severity,
      event.data === undefined ? null : JSON.stringify(event.data),
      this.clock.now(),
    ])
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => void this.flush())
    }
  }

  /** Writes what is buffered; resolves when it (and every earlier write) is stored. */
  flush(): Promise<void> {
    this.scheduled = false
    const rows = this.buffer
    this.buffer = []
    if (rows.length > 0) this.writing = this.writer.call('events', rows).then(() => this.onStored(), this.onError)
    return this.writing
  }
}

interface ThrottleWindow {
  until: number
  suppressed: number
  /** The latest event held back, written out for all of them if the window is forgotten first. */
  last: MonitorEvent | null
}

/**
 * At most one event per key per interval; the next one carries how many were held back. A
 * flood of bad requests then costs a few rows, not one row each — from one sender or from
 * many: beyond `maxKeys` keys at once, the rest share one window per kind of event (its events
 * say `many: true`). Ended windows that held events back write the latest of them, standing for
 * all, when they are forgotten, so every event is counted and memory stays bounded.
 */
export class ThrottledRecorder {
  private readonly windows = new Map<string, ThrottleWindow>()

  constructor(
    private readonly monitor: Monitor,
    private readonly clock: Clock,
    private readonly intervalMs = 10_000,
    private readonly maxKeys = 200,
  ) {}

  record(key: string, event: MonitorEvent): boolean {
    const now = this.clock.now()
    if (!this.windows.has(key) && this.windows.size >= this.maxKeys) this.forgetEnded(now)
    const own = this.windows.has(key) || this.windows.size < this.maxKeys
    const windowKey = own ? key : `${event.eventType}:many`
    const shown = own ? event : { ...event, data: { ...(event.data as object), many: true } }
    const window = this.windows.get(windowKey)
    if (window && now < window.until) {
      window.suppressed += 1
      window.last = shown
      return false
    }
    this.windows.set(windowKey, { until: now + this.intervalMs, suppressed: 0, last: null })
    this.write(shown, window?.suppressed ?? 0)
    return true
  }

  private write(event: MonitorEvent, suppressed: number): void {
    this.monitor.record(suppressed ? { ...event, data: { ...(event.data as object), suppressed } } : event)
  }

  private forgetEnded(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.until > now) continue
      this.windows.delete(key)
      if (window.last) this.write(window.last, window.suppressed - 1)
    }
  }
}
