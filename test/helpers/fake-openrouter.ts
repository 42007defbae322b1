import Fastify, { type FastifyInstance } from 'fastify'

export type OpenRouterMode =
  | { kind: 'verdict'; confidence: number; red_flags?: string[]; reasoning?: string }
  | { kind: 'http-error'; status: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'refusal' }

/** OpenRouter's chat-completions endpoint on loopback, in its real response shape. */
export class FakeOpenRouter {
  mode: OpenRouterMode = { kind: 'verdict', confidence: 95 }
  /** OpenRouter's `usage.cost` for each answer, in credits; undefined leaves it out (as other providers do). */
  costPerCall: number | undefined = 0.00042
  readonly requests: { authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[]; response_format?: unknown } }[] = []
  private app: FastifyInstance | null = null

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.app!.server.address() as { port: number }).port}/api/v1`
  }

  async start(): Promise<void> {
    const app = Fastify()
    app.post<{ Body: FakeOpenRouter['requests'][number]['body'] }>('/api/v1/chat/completions', async (request, reply) => {
      this.requests.push({ authorization: request.headers.authorization, body: request.body })
      const mode = this.mode
      if (mode.kind === 'http-error') return reply.code(mode.status).send({ error: { message: 'Provider returned error', code: mode.status } })
      if (mode.kind === 'slow') await new Promise((r) => setTimeout(r, mode.ms))
      const content =
        mode.kind === 'verdict'
          ? JSON.stringify({ confidence: mode.confidence, red_flags: mode.red_flags ?? [], reasoning: mode.reasoning ?? 'Routine and consistent' })
          : mode.kind === 'malformed'
            ? 'Sure! Here is my verdict: approve'
            : null
      return {
        id: 'gen-123',
        object: 'chat.completion',
        created: 1_767_225_600,
        model: request.body.model,
        provider: 'Fake',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content, refusal: mode.kind === 'refusal' ? 'I cannot help with that.' : null },
          },
        ],
        usage: { prompt_tokens: 321, completion_tokens: 42, total_tokens: 363, ...(this.costPerCall === undefined ? {} : { cost: this.costPerCall }) },
      }
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    this.app = app
  }

  async stop(): Promise<void> {
    await this.app?.close()
  }
}
