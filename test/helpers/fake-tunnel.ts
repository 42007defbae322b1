import net from 'node:net'

/**
 * What cloudflared or ngrok does, on loopback: forwards every connection to Flowgate's public
 * listener. `stop()` drops it as a tunnel that dies does (open connections too); `start()` brings
 * it back at the same address.
 */
export class FakeTunnel {
  private server: net.Server | null = null
  private readonly sockets = new Set<net.Socket>()
  private port = 0

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    const server = net.createServer((socket) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1')
      for (const end of [socket, upstream]) {
        this.sockets.add(end)
        end.on('close', () => this.sockets.delete(end))
        end.on('error', () => end.destroy())
      }
      socket.pipe(upstream).pipe(socket)
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.port = (server.address() as net.AddressInfo).port
    this.server = server
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    this.server = null
  }
}
