import type { Clock } from './clock'
import type { Logger } from './logger'

/** Wake-ups within this many ms of the last tick wait for the next one. */
const WAKE_GAP_MS = 20

/** Something timed: when it is next due (clock ms, null = nothing to do) and what to do then. */
export interface ScheduledTask {
  readonly name: string
  nextDueAt(): number | null
  run(now: number): Promise<void>
}

/**
 * The one loop behind every timed thing. It sleeps until the earliest due time, wakes early
 * when told new work arrived, and never polls while idle. Long sleeps are capped so a clock
 * jump (laptop sleep) is noticed.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = []
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private rerun = false
  private stopped = true
  private plannedAt: number | null = null
  /** Real time (performance.now) of the last tick and of the armed timer, for coalescing wake-ups. */
  private lastTickAt = -Infinity
  private timerFiresAt = Infinity
  /** How late the last tick ran compared with when it was due, for health. */
  lagMs = 0
  /** Real time of the first wake-up no tick has started since: new work waiting for a look. */
  private unservedWakeAt: number | null = null

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly maxSleepMs = 60_000,
  ) {}

  add(...tasks: ScheduledTask[]): void {
    this.tasks.push(...tasks)
  }

  start(): void {
    this.stopped = false
    this.wake()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.clearTimer()
    await this.running
  }

  /**
   * New work may be due now: look again as soon as the current tick (if any) ends. Wake-ups
   * closer together than WAKE_GAP_MS share one tick; under load every commit wakes us.
   */
  wake(): void {
    if (this.stopped) return
    this.unservedWakeAt ??= performance.now()
    if (this.running) {
      this.rerun = true
      return
    }
    this.armSoon()
  }

  /** Runs every due task once. Tests call it directly after moving the clock. */
  tick(): Promise<void> {
    if (this.running) {
      this.rerun = true
      return this.running
    }
    this.clearTimer()
    this.lastTickAt = performance.now()
    this.unservedWakeAt = null
    // The tasks start once `running` is set: a wake-up from a task's first synchronous steps is one
    // during the tick (it asks for another), not a timer of its own.
    this.running = Promise.resolve()
      .then(() => this.runDue())
      .finally(() => {
        this.running = null
        const again = this.rerun
        this.rerun = false
        if (this.stopped) return
        if (again) this.armSoon()
        else this.armForNextDue()
      })
    return this.running
  }

  /** How long new work has waited for a tick to look at it (0 when none waits): long only if ticks stall. */
  unservedWakeMs(): number {
    return this.unservedWakeAt === null ? 0 : Math.round(performance.now() - this.unservedWakeAt)
  }

  nextDueAt(): number | null {
    let earliest: number | null = null
    for (const task of this.tasks) {
      const due = task.nextDueAt()
      if (due !== null && (earliest === null || due < earliest)) earliest = due
    }
    return earliest
  }

  private async runDue(): Promise<void> {
    const now = this.clock.now()
    if (this.plannedAt !== null) this.lagMs = Math.max(0, now - this.plannedAt)
    this.plannedAt = null
    for (const task of this.tasks) {
      const due = task.nextDueAt()
      if (due === null || due > now) continue
      try {
        await task.run(now)
      } catch (error) {
        this.log.error({ err: error, task: task.name }, 'scheduled task failed')
      }
    }
  }

  private armForNextDue(): void {
    const due = this.nextDueAt()
    if (due === null) return
    this.arm(Math.min(Math.max(0, due - this.clock.now()), this.maxSleepMs))
  }

  private armSoon(): void {
    const delayMs = Math.max(0, this.lastTickAt + WAKE_GAP_MS - performance.now())
    if (this.timer && this.timerFiresAt <= performance.now() + delayMs) return
    this.arm(delayMs)
  }

  private arm(delayMs: number): void {
    this.clearTimer()
    this.plannedAt = this.clock.now() + delayMs
    this.timerFiresAt = performance.now() + delayMs
    this.timer = setTimeout(() => {
      // Fired: no timer is pending any more, whatever the tick does (a tick already running only
      // asks for another) — a fired timer left in place would swallow every later wake-up.
      this.timer = null
      this.timerFiresAt = Infinity
      void this.tick()
    }, delayMs)
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.timerFiresAt = Infinity
  }
}
