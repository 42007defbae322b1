import http from 'node:http'
import type net from 'node:net'

/** A small JSON server on loopback answering GET `routes`, 404 otherwise. */
class LocalJsonServer {
  private server: http.Server | null = null
  private port = 0

  constructor(private readonly routes: () => Record<string, unknown>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const body = request.method === 'GET' ? this.routes()[request.url ?? ''] : undefined
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': body === undefined ? 'text/plain' : 'application/json' })
      response.end(body === undefined ? '404 page not found\n' : JSON.stringify(body))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}

export interface NgrokTunnel {
  name: string
  public_url: string
  proto: string
  config: { addr: string; inspect: boolean }
}

/** ngrok's local agent API (`web_addr`, 127.0.0.1:4040 by default): `GET /api/tunnels` as ngrok answers it. */
export class FakeNgrokAgent extends LocalJsonServer {
  tunnels: NgrokTunnel[] = []
  constructor() {
    super(() => ({ '/api/tunnels': { tunnels: this.tunnels.map((t) => ({ ...t, uri: `/api/tunnels/${t.name}`, metrics: {} })), uri: '/api/tunnels' } }))
  }
}

/** cloudflared's metrics server (127.0.0.1:20241–20245 by default): `/quicktunnel` names a quick tunnel's host, empty otherwise. */
export class FakeCloudflaredMetrics extends LocalJsonServer {
  constructor(public hostname: string) {
    super(() => ({ '/quicktunnel': { hostname: this.hostname }, '/ready': { status: 200, readyConnections: 4 } }))
  }
}
