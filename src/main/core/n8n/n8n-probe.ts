import type { HealthCheck } from '../../../shared/schemas/health'
import type { N8nTestResult } from '../../../shared/schemas/n8n'
import { plural } from '../../../shared/text'
import { BackgroundProbe } from '../background-probe'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { ScheduledTask } from '../scheduler'
import { testN8nConnection } from './test-connection'

export const N8N_PROBE_INTERVAL_MS = 60_000

/**
 * Asks n8n's API whether it answers, once a minute and right after the settings change,
 * so health can report reachability without making a network call per request.
 */
export class N8nProbe implements ScheduledTask {
  readonly name = 'n8n-probe'
  private nextRunAt: number
  private readonly probe: BackgroundProbe<N8nTestResult>

  constructor(
    private readonly config: () => Config,
    private readonly clock: Clock,
  ) {
    this.nextRunAt = clock.now()
    this.probe = new BackgroundProbe(clock)
  }

  /** Settings changed: probe again on the next tick with the new URL and key. */
  probeSoon(): void {
    this.nextRunAt = this.clock.now()
    this.probe.forget()
  }

  nextDueAt(): number | null {
    return this.configured() ? this.nextRunAt : null
  }

  private configured(): boolean {
    const { N8N_API_URL, N8N_API_KEY } = this.config()
    return Boolean(N8N_API_URL && N8N_API_KEY)
  }

  async run(now: number): Promise<void> {
    this.nextRunAt = now + N8N_PROBE_INTERVAL_MS
    const { N8N_API_URL, N8N_API_KEY } = this.config()
    this.probe.ask(() =>
      testN8nConnection(N8N_API_URL, N8N_API_KEY).catch(
        (error: unknown): N8nTestResult => ({ ok: false, problem: 'error', message: (error as Error).message, workflow_count: null }),
      ),
    )
  }

  check(now: number): HealthCheck {
    if (!this.configured()) return { status: 'off', detail: 'n8n API not configured (timeouts and stop need it)' }
    const last = this.probe.last
    if (!last) return { status: 'ok', detail: 'checking n8n…' }
    const age = Math.round((now - last.checkedAt) / 1000)
    const { ok, message } = last.result
    return { status: ok ? 'ok' : 'degraded', detail: `${message} (checked ${age} s ago)` }
  }
}

/**
 * Health's n8n row: paused calls first (they are the operator's doing), then what the probe
 * found, with the calls still waiting to be sent when there are any.
 */
export function n8nHealth(paused: boolean, probe: HealthCheck, waitingCalls: number): HealthCheck {
  const waiting = plural(waitingCalls, 'call')
  if (paused) return { status: 'degraded', detail: `calls to n8n are paused (Settings); ${waiting} waiting` }
  return waitingCalls ? { status: probe.status, detail: `${probe.detail}; ${waiting} to n8n waiting to be sent` } : probe
}
