import { z } from 'zod'
import type { DetectedTunnel, TunnelTestResult } from '../../../shared/schemas/n8n'
import type { Config } from '../config'
import { testTunnel } from './tunnel-test'

/**
 * Where tunnel agents answer on this computer by default: ngrok's agent API (4040, and the next
 * ports when several agents run) and cloudflared's metrics server (the first free of 20241–20245).
 */
export const DEFAULT_TUNNEL_AGENTS = [
  ...[4040, 4041, 4042].map((port) => `http://127.0.0.1:${port}`),
  ...[20241, 20242, 20243, 20244, 20245].map((port) => `http://127.0.0.1:${port}`),
]

const AGENT_TIMEOUT_MS = 1500

/** ngrok's agent API, `GET /api/tunnels`. */
const ngrokTunnelsSchema = z.object({
  tunnels: z.array(z.object({ public_url: z.string(), proto: z.string().optional(), config: z.object({ addr: z.string().optional() }).optional() })),
})
/** cloudflared's metrics server, `GET /quicktunnel`: the hostname is empty unless it runs a quick tunnel. */
const quickTunnelSchema = z.object({ hostname: z.string() })

type Found = Pick<DetectedTunnel, 'agent' | 'public_url' | 'forwards_to'>

async function readJson(url: string): Promise<unknown> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(AGENT_TIMEOUT_MS) })
    return response.ok ? await response.json() : null
  } catch {
    // Nothing listening, or not an agent: there is simply no tunnel there.
    return null
  }
}

/** What one local address says it runs: ngrok's web tunnels, or a cloudflared quick tunnel. */
async function askAgent(base: string): Promise<Found[]> {
  const [ngrok, cloudflared] = await Promise.all([readJson(`${base}/api/tunnels`), readJson(`${base}/quicktunnel`)])
  const tunnels = ngrokTunnelsSchema.safeParse(ngrok)
  if (tunnels.success) {
    const web = tunnels.data.tunnels.filter((tunnel) => /^https?:\/\//.test(tunnel.public_url))
    const secure = new Set(web.map((tunnel) => tunnel.public_url).filter((url) => url.startsWith('https://')))
    return web
      // An agent may list an http twin of an https tunnel: the https one is offered alone.
      .filter((tunnel) => tunnel.public_url.startsWith('https://') || !secure.has(tunnel.public_url.replace(/^http:/, 'https:')))
      .map((tunnel) => ({ agent: 'ngrok', public_url: tunnel.public_url, forwards_to: tunnel.config?.addr ?? null }))
  }
  const quick = quickTunnelSchema.safeParse(cloudflared)
  return quick.success && quick.data.hostname ? [{ agent: 'cloudflared', public_url: `https://${quick.data.hostname}`, forwards_to: null }] : []
}

/**
 * The tunnels running on this computer, each tried once through Flowgate's own test route, so
 * the operator picks the one that really leads here instead of copying addresses by hand.
 */
export async function detectTunnels(agents: string[], check: (url: string) => Promise<TunnelTestResult>, inUse: string | undefined): Promise<DetectedTunnel[]> {
  const found = (await Promise.all(agents.map(askAgent))).flat()
  const unique = [...new Map(found.map((tunnel) => [tunnel.public_url, tunnel])).values()]
  const checked = await Promise.all(
    unique.map(async (tunnel) => {
      const result = await check(tunnel.public_url)
      return { ...tunnel, reaches_flowgate: result.ok, message: result.message, in_use: tunnel.public_url === inUse }
    }),
  )
  // Those that lead here first: they are the ones to pick from.
  return checked.sort((a, b) => Number(b.reaches_flowgate) - Number(a.reaches_flowgate))
}

/** Where the settings say to look, and what runs there, each tried as n8n would sign (the webhook secret). */
export async function runningTunnels(config: Pick<Config, 'FLOWGATE_TUNNEL_AGENTS' | 'N8N_WEBHOOK_SECRET' | 'FLOWGATE_PUBLIC_URL'>): Promise<{ agents: string[]; tunnels: DetectedTunnel[] }> {
  const agents = config.FLOWGATE_TUNNEL_AGENTS ?? DEFAULT_TUNNEL_AGENTS
  const tunnels = await detectTunnels(agents, (url) => testTunnel(url, config.N8N_WEBHOOK_SECRET), config.FLOWGATE_PUBLIC_URL)
  return { agents, tunnels }
}
