import { quietUntil, type QuietHours } from '../../../shared/quiet-hours'
import type { HealthCheck } from '../../../shared/schemas/health'
import { plural } from '../../../shared/text'
import type { Clock } from '../clock'
import type { Logger } from '../logger'
import type { MonitorEvent } from '../monitor'
import type { ScheduledTask } from '../scheduler'
import type { AlertApprovals } from '../../../shared/schemas/settings'
import { alertRequest, type AlertFormat } from './alert-formats'
import { alertMessage, APPROVAL_ALERTS, describeAlert, isAlerted, type Alert, type AlertMessage } from './alert-rules'

/** A burst (a failing run of executions) becomes one message: alerts wait this long for company. */
const GATHER_MS = 10_000
/** At most one message a minute; what comes meanwhile goes with the next. */
const MIN_INTERVAL_MS = 60_000
/** Alerts kept while the service cannot be reached; beyond that the oldest are only counted. */
const MAX_WAITING = 200
const SEND_TIMEOUT_MS = 10_000
/** Tries of one message before it is given up (1, 2, 4, 8 minutes apart). */
const MAX_TRIES = 5

export interface AlertTarget {
  url: string | undefined
  format: AlertFormat
  /** Which approvals alert (FLOWGATE_ALERT_APPROVALS). */
  approvals?: AlertApprovals
}

export interface AlertForwarderDeps {
  target: () => AlertTarget
  /** Hours alerts wait through (null: none). */
  quietHours: () => QuietHours | null
  clock: Clock
  workflowName: (id: number) => string | null
  /** When the last message went out before this start (null: never), so the pace holds across a restart. */
  sentBefore: number | null
  /** Whether the operator turned alerts off for a workflow (a noisy or test one). */
  workflowMuted: (id: number) => boolean
  /** Whether an approval still waits for a decision: one decided meanwhile is news no more. */
  approvalPending: (id: number) => boolean
  /** Tells the scheduler something new is due. */
  wake: () => void
  /** Records what the forwarder itself ran into (never alerted: a warning of its own type). */
  record: (event: MonitorEvent) => void
  /** Whether messages get through changed: health reads it again. */
  changed: () => void
  log: Logger
}

interface Waiting {
  alert: Alert
  at: number
  /** The approval an approval alert is about. */
  approvalId?: number
}

/**
 * Sends what needs the operator to a phone or a chat — ntfy, Slack, Discord or any JSON
 * webhook — gathered into one message per burst and at most one a minute, tried again with
 * growing pauses while the service cannot be reached. The address never appears in logs.
 */
export class AlertForwarder implements ScheduledTask {
  readonly name = 'alerts'
  private waiting: Waiting[] = []
  private dropped = 0
  private lastSentAt = -Infinity
  private tries = 0
  private retryAt = -Infinity
  /** Why the last message did not get through, until one does. */
  private problem: string | null = null
  /** The message on its way: the scheduler never waits for the network. */
  private sending: Promise<void> | null = null

  constructor(private readonly deps: AlertForwarderDeps) {
    this.lastSentAt = deps.sentBefore ?? -Infinity
  }

  /** Every recorded event passes here (and, at start, those not sent before); those worth an alert wait for the next message. */
  hear(event: MonitorEvent, at = this.deps.clock.now()): void {
    const { url, approvals } = this.deps.target()
    if (!url || !isAlerted(event, approvals)) return
    if (event.workflowId != null && this.deps.workflowMuted(event.workflowId)) return
    const approvalId = APPROVAL_ALERTS.includes(event.eventType) ? (event.data as { approvalId?: number } | undefined)?.approvalId : undefined
    this.waiting.push({ alert: describeAlert(event, this.deps.workflowName), at, approvalId })
    if (this.waiting.length > MAX_WAITING) {
      this.waiting.shift()
      this.dropped += 1
    }
    this.deps.wake()
  }

  nextDueAt(): number | null {
    const first = this.waiting[0]
    if (!first || this.sending) return null
    const due = Math.max(first.at + GATHER_MS, this.lastSentAt + MIN_INTERVAL_MS, this.retryAt)
    return this.quietUntil(due) ?? due
  }

  /** When the next message goes and how many alerts it carries; null when none wait. */
  pending(): { at: number; count: number } | null {
    const at = this.nextDueAt()
    return at === null ? null : { at, count: this.waiting.length }
  }

  /** When the quiet hours running at `at` end; null when none are. */
  private quietUntil(at: number): number | null {
    const hours = this.deps.quietHours()
    return hours && quietUntil(hours, at)
  }

  async run(now: number): Promise<void> {
    const due = this.nextDueAt()
    if (due === null || due > now) return
    this.sending = this.send(now)
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'sending an alert failed'))
      .finally(() => {
        this.sending = null
        this.deps.wake()
      })
  }

  /** Resolves once the message on its way (if any) has been answered (stop, tests). */
  async idle(): Promise<void> {
    await this.sending
  }

  private async send(now: number): Promise<void> {
    const { url, format } = this.deps.target()
    if (!url) {
      this.waiting = []
      return
    }
    // An approval decided while its alert waited (quiet hours, a restart) needs nobody any more.
    this.waiting = this.waiting.filter((w) => w.approvalId === undefined || this.deps.approvalPending(w.approvalId))
    if (this.waiting.length === 0) return
    const sending = this.waiting
    const message = alertMessage(sending.map((w) => w.alert))
    if (this.dropped) message.lines.push(`(${this.dropped} older alerts were left out while the service could not be reached)`)
    const quiet = this.deps.quietHours()
    if (quiet && sending.some((w) => this.quietUntil(w.at) !== null)) message.lines.push(`(held through the quiet hours, ${quiet.from}–${quiet.to})`)
    const problem = await this.post(url, format, message)
    if (problem !== this.problem) {
      this.problem = problem
      this.deps.changed()
    }
    // Alerts heard meanwhile stay; older ones may have been dropped meanwhile, so by identity.
    const sent = new Set(sending)
    // The last alert this message carried: a restart takes up only what came after it.
    const through = Math.max(...sending.map((w) => w.at))
    const done = () => (this.waiting = this.waiting.filter((w) => !sent.has(w)))
    if (problem === null) {
      this.deps.record({ eventType: 'alert_sent', severity: 'info', data: { alerts: sending.length, through } })
      done()
      this.dropped = 0
      this.lastSentAt = now
      this.tries = 0
      this.retryAt = -Infinity
      return
    }
    this.tries += 1
    if (this.tries < MAX_TRIES) {
      this.retryAt = now + 60_000 * 2 ** (this.tries - 1)
      this.deps.log.warn({ tries: this.tries, problem }, 'an alert could not be sent; trying again')
      return
    }
    this.deps.record({ eventType: 'alert_not_sent', severity: 'warning', data: { error: problem, alerts: sending.length, through } })
    done()
    this.tries = 0
    this.retryAt = -Infinity
  }

  /** For health: off without an address, degraded while messages do not get through. */
  check(): HealthCheck {
    if (!this.deps.target().url) return { status: 'off', detail: 'no alert address set' }
    if (this.problem) return { status: 'degraded', detail: `${this.problem}; ${this.waiting.length} waiting` }
    const quiet = this.deps.quietHours()
    if (quiet && this.quietUntil(this.deps.clock.now()) !== null) {
      return { status: 'ok', detail: `quiet hours (${quiet.from}–${quiet.to}): ${plural(this.waiting.length, 'alert')} waiting for their end` }
    }
    return { status: 'ok', detail: this.lastSentAt === -Infinity ? 'nothing sent yet' : `last sent ${new Date(this.lastSentAt).toISOString()}` }
  }

  /** Sends a message now, whatever is waiting, to check the address: null when it arrived, else why not. */
  async test(target: AlertTarget = this.deps.target()): Promise<{ ok: boolean; message: string }> {
    if (!target.url) return { ok: false, message: 'No alert address is set (FLOWGATE_ALERT_URL)' }
    const problem = await this.post(target.url, target.format, {
      title: 'Flowgate: a test alert',
      lines: ['Alerts reach you here: failures, workflows that keep failing or went quiet, and high-priority approvals.'],
      urgent: false,
    })
    return problem === null ? { ok: true, message: 'The test alert was accepted' } : { ok: false, message: problem }
  }

  /** Posts a message of its own (the daily summary) where alerts go, now: null when it arrived, else why not. */
  deliver(message: AlertMessage): Promise<string | null> {
    const { url, format } = this.deps.target()
    return url ? this.post(url, format, message) : Promise.resolve('no alert address is set')
  }

  /** Posts a message; null when the service accepted it, else what went wrong (without the address). */
  private async post(url: string, format: AlertFormat, message: AlertMessage): Promise<string | null> {
    try {
      const request = alertRequest(url, format, message)
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      await response.body?.cancel()
      return response.ok ? null : `the alert service answered ${response.status}`
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : ((error as { cause?: Error }).cause?.message ?? (error as Error).message)
      return `the alert service could not be reached: ${reason}`
    }
  }
}
