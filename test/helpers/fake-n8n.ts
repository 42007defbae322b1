import Fastify, { type FastifyInstance } from 'fastify'

export interface DispatchReceived {
  path: string
  body: { flowgate: { execution_id: number; workflow_id: number; trigger_event: string; callback_url: string; attempt: number }; data: unknown }
}

export type WebhookMode = 'started' | 'respond-with-id' | 'unavailable' | 'not-registered'

/**
 * A stand-in for n8n on loopback, answering in n8n's own shapes: a production webhook says
 * {"message":"Workflow was started"} (or a Respond-to-Webhook body), an unknown path 404s
 * with n8n's message. With `callBack`, it then reports like a workflow built from our
 * templates would: execution.started, then execution.completed, signed with the secret.
 */
export class FakeN8n {
  readonly received: DispatchReceived[] = []
  mode: WebhookMode = 'started'
  callBack: { secret: string; output: unknown } | null = null
  private app: FastifyInstance | null = null
  private port = 0
  private nextExecutionId = 100

  get base(): string {
    return `http://127.0.0.1:${this.port}`
  }

  webhookUrl(path: string): string {
    return `${this.base}/webhook/${path}`
  }

  async start(port = 0): Promise<void> {
    const app = Fastify()
    app.post<{ Params: { path: string }; Body: DispatchReceived['body'] }>('/webhook/:path', async (request, reply) => {
      if (this.mode === 'unavailable') return reply.code(503).send({ message: 'Service Unavailable' })
      if (this.mode === 'not-registered') {
        return reply.code(404).send({ code: 404, message: `The requested webhook "POST ${request.params.path}" is not registered.` })
      }
      this.received.push({ path: request.params.path, body: request.body })
      const n8nExecutionId = String(this.nextExecutionId++)
      if (this.callBack) void this.reportBack(request.body, n8nExecutionId, this.callBack)
      return this.mode === 'respond-with-id' ? { n8n_execution_id: n8nExecutionId } : { message: 'Workflow was started' }
    })
    await app.listen({ host: '127.0.0.1', port })
    this.port = (app.server.address() as { port: number }).port
    this.app = app
  }

  async stop(): Promise<void> {
    await this.app?.close()
    this.app = null
  }

  private async reportBack(body: DispatchReceived['body'], n8nExecutionId: string, callBack: { secret: string; output: unknown }) {
    const send = (payload: object) =>
      fetch(body.flowgate.callback_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-n8n-signature': callBack.secret },
        body: JSON.stringify(payload),
      })
    const execution_id = body.flowgate.execution_id
    await send({ type: 'execution.started', execution_id, n8n_execution_id: n8nExecutionId })
    await send({ type: 'execution.completed', execution_id, n8n_execution_id: n8nExecutionId, output: callBack.output })
  }
}
