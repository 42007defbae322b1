import type { HealthCheck } from '../../../shared/schemas/health'
import type { TunnelTestResult } from '../../../shared/schemas/n8n'
import { BackgroundProbe } from '../background-probe'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { MonitorEvent } from '../monitor'
import type { ScheduledTask } from '../scheduler'
import { runningTunnels } from './tunnel-detect'
import { testTunnel } from './tunnel-test'

export const TUNNEL_PROBE_INTERVAL_MS = 60_000

export interface TunnelProbeDeps {
  config: () => Config
  clock: Clock
  record: (event: MonitorEvent) => void
  /** The tunnel went down or came back: health, the console and the tray should look again. */
  changed: () => void
}

/**
 * A quick tunnel that restarted comes back under a new address: when one running on this computer
 * leads here, the operator is told where, since n8n must be given it too.
 */
async function movedTunnel(config: Config): Promise<string> {
  const { tunnels } = await runningTunnels(config)
  const elsewhere = tunnels.find((tunnel) => tunnel.reaches_flowgate && !tunnel.in_use)
  return elsewhere ? `; a running ${elsewhere.agent} tunnel leads to Flowgate at ${elsewhere.public_url}: use it in Settings › Tunnel, and in n8n where it calls Flowgate` : ''
}

/**
 * Calls Flowgate's own test route through the tunnel once a minute, and right after the settings
 * change: a tunnel that stopped forwarding is how webhooks stop arriving without a sound. Going
 * down and coming back are each one event, however long it stays so.
 */
export class TunnelProbe implements ScheduledTask {
  readonly name = 'tunnel-probe'
  private nextRunAt: number
  private downSince: number | null = null
  /** Whether the last answer got through; null before the first since a settings change. */
  private lastOk: boolean | null = null
  private readonly probe: BackgroundProbe<TunnelTestResult>

  constructor(private readonly deps: TunnelProbeDeps) {
    this.nextRunAt = deps.clock.now()
    this.probe = new BackgroundProbe(deps.clock, (result, at) => this.learn(result, at))
  }

  /** Settings changed: probe the (maybe new) address on the next tick. */
  probeSoon(): void {
    this.nextRunAt = this.deps.clock.now()
    this.probe.forget()
    this.lastOk = null
  }

  nextDueAt(): number | null {
    return this.deps.config().FLOWGATE_PUBLIC_URL ? this.nextRunAt : null
  }

  async run(now: number): Promise<void> {
    this.nextRunAt = now + TUNNEL_PROBE_INTERVAL_MS
    const config = this.deps.config()
    this.probe.ask(async () => {
      const result = await testTunnel(config.FLOWGATE_PUBLIC_URL, config.N8N_WEBHOOK_SECRET)
      return result.ok ? result : { ...result, message: result.message + (await movedTunnel(config)) }
    })
  }

  private learn(result: TunnelTestResult, at: number): void {
    if (!result.ok && this.downSince === null) {
      this.downSince = at
      this.deps.record({ eventType: 'tunnel_unreachable', severity: 'error', data: { error: `${result.message}; n8n cannot deliver webhooks` } })
    } else if (result.ok && this.downSince !== null) {
      const minutes = Math.max(1, Math.round((at - this.downSince) / 60_000))
      this.downSince = null
      this.deps.record({ eventType: 'tunnel_restored', severity: 'info', data: { summary: `reachable again after about ${minutes} min` } })
    }
    // The first answer for a new address, and every change between up and down, are worth a look.
    if (result.ok !== this.lastOk) this.deps.changed()
    this.lastOk = result.ok
  }

  check(now: number): HealthCheck {
    if (!this.deps.config().FLOWGATE_PUBLIC_URL) return { status: 'off', detail: 'no tunnel URL set, so it is not checked' }
    const last = this.probe.last
    if (!last) return { status: 'ok', detail: 'checking the tunnel…' }
    const age = `checked ${Math.round((now - last.checkedAt) / 1000)} s ago`
    const { ok, message, latency_ms } = last.result
    if (ok) return { status: 'ok', detail: `${message} in ${latency_ms} ms (${age})` }
    return { status: 'degraded', detail: `${message}; failing since ${new Date(this.downSince ?? last.checkedAt).toISOString()} (${age})` }
  }
}
