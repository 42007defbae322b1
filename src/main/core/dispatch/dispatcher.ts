import { setMaxListeners } from 'node:events'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { ExecutionService } from '../executions/execution-service'
import type { Logger } from '../logger'
import type { Monitor } from '../monitor'
import { retryDelayMs } from '../queue/retry-policy'
import type { ScheduledTask } from '../scheduler'
import type { Outbox, OutboxRow } from './outbox'

const SEND_TIMEOUT_MS = 10_000
const BATCH = 20
/** n8n registers a webhook a few hundred ms after activation: the first retry of a 404 comes this soon. */
const NOT_REGISTERED_FIRST_RETRY_MS = 2_000

type Delivery =
  | { ok: true; status: number; body: string; withPreviousSecret?: true }
  | { ok: false; status: number | null; error: string; permanent: boolean }

/**
 * 4xx means n8n will never take it (408 and 429 mean "later"); anything else is worth retrying.
 * So is a 404 from a workflow's webhook: n8n registers it a moment after activation (a few
 * hundred ms on n8n 2.40), and an inactive workflow may yet be switched on.
 */
const isPermanent = (kind: OutboxRow['kind'], status: number) =>
  status >= 400 && status < 500 && status !== 408 && status !== 429 && !(kind === 'dispatch' && status === 404)

interface Credentials {
  apiKey?: string
  webhookSecret?: string
  /** The global secret a rotation replaced, while still accepted: n8n's hand-made credentials may hold it yet. */
  previousWebhookSecret?: string
}

/** Added when sending, never stored with the row: n8n's API key, or the Header Auth secret. */
function authHeaders(kind: OutboxRow['kind'], credentials: Credentials): Record<string, string> {
  if (kind === 'stop') return credentials.apiKey ? { 'x-n8n-api-key': credentials.apiKey } : {}
  return credentials.webhookSecret ? { 'x-n8n-signature': credentials.webhookSecret } : {}
}

/** When the calls of a batch give up: one signal for all of them, and how long it allows. */
interface Deadline {
  signal: AbortSignal
  ms: number
}

async function deliver(row: OutboxRow, credentials: Credentials, deadline: Deadline): Promise<Delivery> {
  const delivery = await send(row, authHeaders(row.kind, credentials), deadline)
  const refused = !delivery.ok && (delivery.status === 401 || delivery.status === 403)
  if (!refused || row.kind === 'stop' || !credentials.previousWebhookSecret) return delivery
  const again = await send(row, { 'x-n8n-signature': credentials.previousWebhookSecret }, deadline)
  return again.ok ? { ...again, withPreviousSecret: true } : delivery
}

async function send(row: OutboxRow, auth: Record<string, string>, deadline: Deadline): Promise<Delivery> {
  try {
    const response = await fetch(row.target_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Flowgate', ...auth },
      body: withAttempt(row.body, row.attempts + 1),
      signal: deadline.signal,
    })
    const body = (await response.text()).slice(0, 4000)
    if (response.ok) return { ok: true, status: response.status, body }
    return { ok: false, status: response.status, error: `n8n answered ${response.status}: ${body.slice(0, 300)}`, permanent: isPermanent(row.kind, response.status) }
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${deadline.ms / 1000} s` : (cause ?? (error as Error).message)
    return { ok: false, status: null, error: `n8n unreachable: ${reason}`, permanent: false }
  }
}

/** The dispatch body says which attempt this is. */
function withAttempt(body: string, attempt: number): string {
  const parsed = JSON.parse(body) as { flowgate?: { attempt?: number } }
  if (parsed.flowgate) parsed.flowgate.attempt = attempt
  return JSON.stringify(parsed)
}

/** n8n's Respond-to-Webhook answer may carry its execution id; "Workflow was started" does not. */
export function n8nExecutionIdFrom(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>
    const id = parsed.n8n_execution_id ?? parsed.executionId ?? parsed.execution_id
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null
  } catch {
    return null
  }
}

export interface DispatcherDeps {
  outbox: Outbox
  clock: Clock
  executions: ExecutionService
  monitor: Monitor
  config: () => Config
  log: Logger
  /** Resolves when a transaction can start without waiting on another connection's lock. */
  quiet: () => Promise<void>
  random?: () => number
  /** How long n8n has to answer a call; 10 s unless said otherwise. */
  sendTimeoutMs?: number
  /** The secret a workflow's n8n trigger expects: its own, else the global one (one credential serves both ways). */
  webhookSecretOf: (workflowId: number | null) => string | undefined
  /** The secret a rotation replaced, while still accepted, for a workflow using the global one. */
  previousWebhookSecretOf?: (workflowId: number | null) => string | undefined
}

/** Sends outbox rows when due, retrying with backoff; n8n being down delays, never drops. */
export class Dispatcher implements ScheduledTask {
  readonly name = 'outbox'

  private readonly sendTimeoutMs: number

  constructor(private readonly deps: DispatcherDeps) {
    this.sendTimeoutMs = deps.sendTimeoutMs ?? SEND_TIMEOUT_MS
  }

  /** Paused, nothing is due: calls wait in the outbox, and the settings change that resumes them wakes the scheduler. */
  nextDueAt(): number | null {
    return this.deps.config().N8N_CALLS_PAUSED ? null : this.deps.outbox.nextDueAt(this.deps.clock.now())
  }

  async run(now: number): Promise<void> {
    if (this.deps.config().N8N_CALLS_PAUSED) return
    // Waiting for the lock inside SQLite would stall the event loop; waiting here does not.
    await this.deps.quiet()
    const rows = this.deps.outbox.claim(now, BATCH)
    if (rows.length === 0) return
    const { N8N_API_KEY: apiKey } = this.deps.config()
    // One deadline for the batch: its calls start together, and a timeout signal is costly to make.
    const deadline = { signal: AbortSignal.timeout(this.sendTimeoutMs), ms: this.sendTimeoutMs }
    setMaxListeners(BATCH, deadline.signal)
    const credentialsOf = (row: OutboxRow) => ({
      apiKey,
      webhookSecret: this.deps.webhookSecretOf(row.workflow_id),
      previousWebhookSecret: this.deps.previousWebhookSecretOf?.(row.workflow_id),
    })
    const deliveries = await Promise.all(rows.map((row) => deliver(row, credentialsOf(row), deadline)))
    await this.deps.quiet()
    // The batch's results commit together: one fsync for all of them, not two per call.
    try {
      this.deps.outbox.together(() => rows.forEach((row, index) => this.settleSafely(row, deliveries[index]!, now)))
    } catch (error) {
      this.deps.log.error({ err: error, outboxIds: rows.map((row) => row.id) }, 'could not record the outcome of outbound calls; they will be sent again')
      for (const row of rows) this.sendAgainLater(row, error as Error, now)
    }
  }

  /** A failure while recording one result undoes that result alone and must not leave its row in "sending". */
  private settleSafely(row: OutboxRow, delivery: Delivery, now: number): void {
    try {
      this.deps.outbox.together(() => this.settle(row, delivery, now))
    } catch (error) {
      this.deps.log.error({ err: error, outboxId: row.id }, 'could not record the outcome of an outbound call; it will be sent again')
      this.sendAgainLater(row, error as Error, now)
    }
  }

  /** Back to pending with the usual backoff; if even that cannot be written, the next start resends it. */
  private sendAgainLater(row: OutboxRow, error: Error, now: number): void {
    const { WORKFLOW_RETRY_DELAY_SECONDS: base } = this.deps.config()
    this.deps.outbox.retryAt(row.id, now + retryDelayMs(row.attempts + 1, base, this.deps.random), null, error.message, now)
  }

  private settle(row: OutboxRow, delivery: Delivery, now: number): void {
    const context = { workflowId: row.workflow_id, executionId: row.execution_id }
    // A resume concerns an approval, which may have no execution of ours: its events name it.
    const about = row.approval_id === null ? {} : { approvalId: row.approval_id }
    if (delivery.ok) {
      this.deps.outbox.delivered(row.id, delivery.status, now)
      if (row.kind === 'dispatch' && row.execution_id) this.deps.executions.markDispatched(row.execution_id, n8nExecutionIdFrom(delivery.body))
      this.deps.monitor.record({ ...context, eventType: `${row.kind}_sent`, severity: 'info', data: { ...about, status: delivery.status, attempt: row.attempts + 1 } })
      if (delivery.withPreviousSecret) {
        const message = "n8n took this call only with the previous webhook secret: put the current one in this workflow's Header Auth credential in n8n before the old one stops being accepted"
        this.deps.monitor.record({ ...context, eventType: 'previous_secret_used', severity: 'warning', data: { ...about, direction: 'to n8n', message } })
      }
      return
    }
    const { WORKFLOW_MAX_RETRIES: maxRetries, WORKFLOW_RETRY_DELAY_SECONDS: base } = this.deps.config()
    const attempt = row.attempts + 1
    if (!delivery.permanent && attempt <= maxRetries) {
      const justActivated = row.kind === 'dispatch' && delivery.status === 404 && attempt === 1
      const nextAttemptAt = now + (justActivated ? NOT_REGISTERED_FIRST_RETRY_MS : retryDelayMs(attempt, base, this.deps.random))
      this.deps.outbox.retryAt(row.id, nextAttemptAt, delivery.status, delivery.error, now)
      this.deps.monitor.record({ ...context, eventType: `${row.kind}_retry`, severity: 'warning', data: { ...about, attempt, error: delivery.error, nextAttemptAt } })
      return
    }
    const reason = delivery.permanent ? delivery.error : `${delivery.error} (gave up after ${attempt} attempts)`
    this.deps.outbox.gaveUp(row.id, delivery.status, reason, now)
    this.deps.log.warn({ outboxId: row.id, kind: row.kind, reason }, 'outbound call failed for good')
    // A dispatch that fails for good fails its execution, which says so; a resume or stop says it here.
    if (row.kind === 'dispatch' && row.execution_id) this.deps.executions.finish(row.execution_id, 'failed', null, reason)
    else this.deps.monitor.record({ ...context, eventType: `${row.kind}_failed`, severity: 'error', data: { ...about, attempt, error: reason } })
  }
}
