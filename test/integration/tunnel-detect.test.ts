import net from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConfigError, parseConfig } from '../../src/main/core/config'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { FakeTunnel } from '../helpers/fake-tunnel'
import { FakeCloudflaredMetrics, FakeNgrokAgent } from '../helpers/fake-tunnel-agents'

/** A loopback port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

describe('the tunnels running on this computer are found and tried', () => {
  const stops: (() => Promise<void>)[] = []
  let c: RunningCore | undefined
  afterEach(async () => {
    await c?.close()
    await Promise.all(stops.splice(0).map((stop) => stop()))
  })

  it("reads ngrok's agent API and cloudflared's metrics server, and says which tunnel leads to this Flowgate", async () => {
    const ngrok = new FakeNgrokAgent()
    const quick = new FakeCloudflaredMetrics('127.0.0.1:1')
    const named = new FakeCloudflaredMetrics('')
    for (const agent of [ngrok, quick, named]) {
      await agent.start()
      stops.push(() => agent.stop())
    }
    const nothing = await closedPort()
    const agents = [ngrok.url, quick.url, named.url, nothing]
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, FLOWGATE_TUNNEL_AGENTS: agents.join(',') })
    const tunnel = new FakeTunnel(Number(new URL(c.publicUrl).port))
    await tunnel.start()
    stops.push(() => tunnel.stop())
    ngrok.tunnels = [
      { name: 'command_line', public_url: tunnel.url, proto: 'http', config: { addr: c.publicUrl, inspect: true } },
      { name: 'ssh', public_url: 'tcp://0.tcp.ngrok.io:10022', proto: 'tcp', config: { addr: 'localhost:22', inspect: false } },
    ]

    const found = await c.core.api['system.detectTunnels'](undefined)
    expect(found.looked_at).toEqual(agents)
    expect(found.forward_to).toBe(c.publicUrl)
    // The one that leads here comes first; a tcp tunnel and a named cloudflared tunnel are not offered.
    expect(found.tunnels).toEqual([
      { agent: 'ngrok', public_url: tunnel.url, forwards_to: c.publicUrl, reaches_flowgate: true, message: expect.stringContaining('webhook secret matches'), in_use: false },
      { agent: 'cloudflared', public_url: 'https://127.0.0.1:1', forwards_to: null, reaches_flowgate: false, message: expect.stringContaining('is unreachable'), in_use: false },
    ])

    // Once picked it is the one in use; the management API answers the same.
    await c.core.api['settings.update']({ values: { FLOWGATE_PUBLIC_URL: tunnel.url } })
    const { status, body } = await c.admin('GET', '/api/v1/system/tunnels')
    expect(status).toBe(200)
    expect((body.tunnels as { public_url: string; in_use: boolean }[]).map((t) => [t.public_url, t.in_use])).toEqual([
      [tunnel.url, true],
      ['https://127.0.0.1:1', false],
    ])
  })

  it('offers the https tunnel alone when an agent lists its http twin, and nothing when no agent answers', async () => {
    const ngrok = new FakeNgrokAgent()
    await ngrok.start()
    stops.push(() => ngrok.stop())
    ngrok.tunnels = [
      { name: 'web (http)', public_url: 'http://127.0.0.1:2', proto: 'http', config: { addr: 'http://localhost:8787', inspect: true } },
      { name: 'web', public_url: 'https://127.0.0.1:2', proto: 'https', config: { addr: 'http://localhost:8787', inspect: true } },
    ]
    c = await startTestCore({ FLOWGATE_TUNNEL_AGENTS: ngrok.url })
    expect((await c.core.api['system.detectTunnels'](undefined)).tunnels.map((t) => t.public_url)).toEqual(['https://127.0.0.1:2'])
    ngrok.tunnels = []
    expect((await c.core.api['system.detectTunnels'](undefined)).tunnels).toEqual([])
  })

  it('points out, while the tunnel URL in use is down, a running tunnel that leads here under a new address', async () => {
    const ngrok = new FakeNgrokAgent()
    await ngrok.start()
    stops.push(() => ngrok.stop())
    const oldAddress = await closedPort()
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, FLOWGATE_TUNNEL_AGENTS: ngrok.url, FLOWGATE_PUBLIC_URL: oldAddress })
    const tunnel = new FakeTunnel(Number(new URL(c.publicUrl).port))
    await tunnel.start()
    stops.push(() => tunnel.stop())
    ngrok.tunnels = [{ name: 'command_line', public_url: tunnel.url, proto: 'http', config: { addr: c.publicUrl, inspect: true } }]
    const health = async () => (await c!.core.api['health.get'](undefined)).checks.tunnel
    await c.tick()
    await vi.waitFor(async () => expect((await health()).detail).toContain('checked 0 s ago'), { timeout: 12_000 })
    expect(await health()).toMatchObject({
      status: 'degraded',
      detail: expect.stringContaining(`${oldAddress} is unreachable (fetch failed); a running ngrok tunnel leads to Flowgate at ${tunnel.url}: use it in Settings › Tunnel, and in n8n where it calls Flowgate; failing since`),
    })
  })

  it('looks where Settings say, once saved there; a list that is not of http URLs is refused, changing nothing', async () => {
    const ngrok = new FakeNgrokAgent()
    await ngrok.start()
    stops.push(() => ngrok.stop())
    ngrok.tunnels = [{ name: 'web', public_url: 'https://127.0.0.1:3', proto: 'https', config: { addr: 'http://localhost:8787', inspect: true } }]
    c = await startTestCore()
    const agents = () => c!.core.api['settings.get'](undefined).then((view) => view.entries.find((entry) => entry.key === 'FLOWGATE_TUNNEL_AGENTS'))
    expect(await agents()).toMatchObject({ value: null, editable: true, source: 'default' })
    const saved = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_TUNNEL_AGENTS: `${ngrok.url}, http://127.0.0.1:9` } })
    expect(saved.status).toBe(200)
    expect(await agents()).toMatchObject({ value: `${ngrok.url}, http://127.0.0.1:9`, source: 'saved' })
    const found = await c.core.api['system.detectTunnels'](undefined)
    expect(found.looked_at).toEqual([ngrok.url, 'http://127.0.0.1:9'])
    expect(found.tunnels.map((t) => t.public_url)).toEqual(['https://127.0.0.1:3'])
    const refused = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_TUNNEL_AGENTS: 'ftp://127.0.0.1:21' } })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('FLOWGATE_TUNNEL_AGENTS')
    expect((await agents())?.value).toBe(`${ngrok.url}, http://127.0.0.1:9`)
  })

  it('refuses an agent list that is not made of http URLs, naming the variable', () => {
    expect(() => parseConfig({ FLOWGATE_TUNNEL_AGENTS: 'http://127.0.0.1:4040, ftp://127.0.0.1:21' })).toThrow(ConfigError)
    expect(() => parseConfig({ FLOWGATE_TUNNEL_AGENTS: ' , ' })).toThrow(/FLOWGATE_TUNNEL_AGENTS=" , ": must list at least one URL/)
    expect(parseConfig({ FLOWGATE_TUNNEL_AGENTS: 'http://127.0.0.1:4040/, http://127.0.0.1:20241' }).FLOWGATE_TUNNEL_AGENTS).toEqual(['http://127.0.0.1:4040', 'http://127.0.0.1:20241'])
  })
})
