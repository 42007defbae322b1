import Fastify, { type FastifyInstance } from 'fastify'

export interface ReceivedAlert {
  path: string
  authorization: string | undefined
  body: Record<string, unknown>
}

/** A chat or push service's incoming webhook on loopback: takes JSON posts, answers `status`. */
export class FakeAlertService {
  status = 200
  /** How long it takes to answer. */
  delayMs = 0
  readonly received: ReceivedAlert[] = []
  private app: FastifyInstance | null = null

  url(path: string): string {
    return `http://127.0.0.1:${(this.app!.server.address() as { port: number }).port}${path}`
  }

  async start(): Promise<void> {
    const app = Fastify()
    app.post('/*', async (request, reply) => {
      this.received.push({ path: request.url, authorization: request.headers.authorization, body: request.body as Record<string, unknown> })
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs))
      return reply.code(this.status).send(this.status < 300 ? 'ok' : { error: 'not accepted' })
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    this.app = app
  }

  async stop(): Promise<void> {
    await this.app?.close()
  }
}
