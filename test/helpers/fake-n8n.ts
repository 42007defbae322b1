import Fastify, { type FastifyInstance } from 'fastify'

export interface DispatchReceived {
  path: string
  /** The X-N8N-Signature header the trigger's Header Auth would check. */
  signature: string | undefined
  body: { flowgate: { execution_id: number; workflow_id: number; trigger_event: string; callback_url: string; attempt: number }; data: unknown }
}

/** A workflow as n8n's API keeps it, with what the fake needs of its nodes. */
export interface FakeWorkflow {
  id: string
  name: string
  active?: boolean
  nodes?: {
    type: string
    name?: string
    disabled?: boolean
    parameters?: { path?: string; httpMethod?: string; authentication?: string }
    credentials?: Record<string, { id?: string; name: string }>
  }[]
}

/** n8n's record of one run: how it went, how it was started (`webhook`, `trigger` for a schedule…), when. */
export interface FakeExecution {
  status: string
  workflowId: string
  error?: { node: string; message: string }
  mode?: string
  startedAt?: string
  stoppedAt?: string
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
  readonly apiKey = 'fake-n8n-api-key'
  /** n8n's own record of executions, as its public API reports them. */
  readonly executions = new Map<string, FakeExecution>()
  readonly stopped: string[] = []
  workflows: FakeWorkflow[] = [
    { id: 'wf1', name: 'Lead Qualification' },
  ]
  readonly credentials: { id: string; name: string; type: string; data: Record<string, string> }[] = []
  /** Like an API key created without the credential:create scope. */
  mayCreateCredentials = true
  /** Like an API key created without the credential:update scope. */
  mayUpdateCredentials = true
  /** Why n8n would refuse to activate a workflow, when it should. */
  refuseActivation: string | null = null
  /** Every credential update asked for, by credential id. */
  readonly credentialUpdates: string[] = []
  /** Decisions that resumed a waiting execution, by n8n execution id. */
  readonly resumes: { id: string; signature: string | undefined; body: Record<string, unknown> }[] = []
  resumeMode: 'ok' | 'unavailable' = 'ok'
  callBack: { secret: string; output: unknown } | null = null
  /** Like a Webhook trigger with Header Auth: the X-N8N-Signature value its credential holds. */
  headerAuth: string | null = null
  /** Call backs that could not reach Flowgate (it had stopped, say). */
  readonly failedCallBacks: string[] = []
  private app: FastifyInstance | null = null
  private port = 0
  private nextExecutionId = 100

  get base(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get apiUrl(): string {
    return `${this.base}/api/v1`
  }

  resumeUrl(n8nExecutionId: string): string {
    return `${this.base}/webhook-waiting/${n8nExecutionId}?signature=${'ab'.repeat(32)}`
  }

  /** A run n8n made on its own (its schedule, its own webhook), not through Flowgate; its id. */
  runOnItsOwn(workflowId: string, run: { status: string; error?: FakeExecution['error']; stoppedAt: number; mode?: string }): string {
    const id = String(this.nextExecutionId++)
    const at = (ms: number) => new Date(ms).toISOString()
    this.executions.set(id, { workflowId, status: run.status, error: run.error, mode: run.mode ?? 'trigger', startedAt: at(run.stoppedAt - 1500), stoppedAt: at(run.stoppedAt) })
    return id
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
      const signature = request.headers['x-n8n-signature']
      // n8n 2.40 answers a wrong Header Auth value in plain text.
      if (this.headerAuth !== null && signature !== this.headerAuth) return reply.code(403).type('text/plain').send('Authorization data is wrong!')
      this.received.push({ path: request.params.path, signature: Array.isArray(signature) ? signature[0] : signature, body: request.body })
      const n8nExecutionId = String(this.nextExecutionId++)
      this.executions.set(n8nExecutionId, { status: 'running', workflowId: request.params.path })
      // Like n8n's HTTP Request node, a call back that fails is noted, not thrown.
      if (this.callBack) void this.reportBack(request.body, n8nExecutionId, this.callBack).catch((error: Error) => this.failedCallBacks.push(error.message))
      return this.mode === 'respond-with-id' ? { n8n_execution_id: n8nExecutionId } : { message: 'Workflow was started' }
    })
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/api/v1/') && request.headers['x-n8n-api-key'] !== this.apiKey) {
        return reply.code(401).send({ message: 'unauthorized' })
      }
    })
    app.get<{ Querystring: { limit?: string; cursor?: string } }>('/api/v1/workflows', async (request) => {
      const all = this.workflows
      const start = Number(request.query.cursor ?? 0)
      const end = start + Number(request.query.limit ?? 100)
      return { data: all.slice(start, end).map((w) => ({ ...w, active: w.active ?? false })), nextCursor: end < all.length ? String(end) : null }
    })
    app.post<{ Body: { name: string; type: string; data: Record<string, string> } }>('/api/v1/credentials', async (request, reply) => {
      if (!this.mayCreateCredentials) return reply.code(403).send({ message: 'Forbidden' })
      const credential = { id: `cred${this.credentials.length + 1}`, ...request.body }
      this.credentials.push(credential)
      return { id: credential.id, name: credential.name, type: credential.type, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() }
    })
    app.patch<{ Params: { id: string }; Body: { data?: Record<string, string> } }>('/api/v1/credentials/:id', async (request, reply) => {
      if (!this.mayUpdateCredentials) return reply.code(403).send({ message: 'Forbidden' })
      const credential = this.credentials.find((c) => c.id === request.params.id)
      if (!credential) return reply.code(404).send({ message: 'Credential not found' })
      this.credentialUpdates.push(credential.id)
      if (request.body.data) credential.data = request.body.data
      return { id: credential.id, name: credential.name, type: credential.type, updatedAt: new Date().toISOString() }
    })
    app.post<{ Body: FakeWorkflow }>('/api/v1/workflows', async (request) => {
      const workflow = { ...request.body, id: `wf${this.workflows.length + 1}`, active: false }
      this.workflows.push(workflow)
      return { id: workflow.id, name: workflow.name, active: false, createdAt: new Date().toISOString() }
    })
    app.post<{ Params: { id: string } }>('/api/v1/workflows/:id/activate', async (request, reply) => {
      const workflow = this.workflows.find((w) => w.id === request.params.id)
      if (!workflow) return reply.code(404).send({ message: 'You do not have permission to activate this workflow. Ask the owner to share it with you.' })
      if (this.refuseActivation) return reply.code(400).send({ message: this.refuseActivation })
      const pathOf = (w: typeof workflow) => w.nodes?.find((n) => n.type === 'n8n-nodes-base.webhook')?.parameters?.path
      if (this.workflows.some((w) => w !== workflow && w.active && pathOf(w) === pathOf(workflow))) {
        return reply.code(409).send({ message: 'There is a conflict with one of the webhooks.' })
      }
      workflow.active = true
      return { id: workflow.id, name: workflow.name, active: true }
    })
    // As n8n 2.40 lists them: newest first, `limit` at a time, the next page behind a cursor.
    app.get<{ Querystring: { workflowId?: string; status?: string; limit?: string; cursor?: string } }>('/api/v1/executions', async (request) => {
      const { workflowId, status, limit = '100', cursor } = request.query
      const after = cursor ? Number((JSON.parse(Buffer.from(cursor, 'base64').toString()) as { lastId: string }).lastId) : Infinity
      const matching = [...this.executions]
        .filter(([id, e]) => Number(id) < after && (!workflowId || e.workflowId === workflowId) && (!status || e.status === status))
        .sort(([a], [b]) => Number(b) - Number(a))
      const page = matching.slice(0, Number(limit)).map(([id, e]) => this.summaryOf(id, e))
      const nextCursor = matching.length > page.length ? Buffer.from(JSON.stringify({ lastId: page.at(-1)!.id, limit: Number(limit) })).toString('base64') : null
      return { data: page, nextCursor }
    })
    app.get<{ Params: { id: string }; Querystring: { includeData?: string } }>('/api/v1/executions/:id', async (request, reply) => {
      const execution = this.executions.get(request.params.id)
      if (!execution) return reply.code(404).send({ message: 'Not Found' })
      const summary = this.summaryOf(request.params.id, execution)
      if (request.query.includeData !== 'true') return summary
      // As n8n 2.40 gives it: the error (with its stack, left out here) and the node the run stopped at.
      const error = execution.error ? { name: 'WrappedExecutionError', message: execution.error.message, description: null, level: 'info' } : undefined
      return { ...summary, data: { resultData: { runData: {}, lastNodeExecuted: execution.error?.node, ...(error ? { error } : {}) } } }
    })
    app.post<{ Params: { id: string } }>('/api/v1/executions/:id/stop', async (request) => {
      this.stopped.push(request.params.id)
      const execution = this.executions.get(request.params.id)
      if (execution) execution.status = 'canceled'
      return { id: request.params.id, status: 'canceled' }
    })
    app.post<{ Params: { id: string }; Querystring: { signature?: string }; Body: Record<string, unknown> }>('/webhook-waiting/:id', async (request, reply) => {
      if (this.resumeMode === 'unavailable') return reply.code(503).send({ message: 'Service Unavailable' })
      const { id } = request.params
      if (this.resumes.some((r) => r.id === id)) {
        return reply.code(409).send({ code: 409, message: `The execution "${id} has finished already.` })
      }
      this.resumes.push({ id, signature: request.query.signature, body: request.body })
      return { message: 'Workflow was started' }
    })
    await app.listen({ host: '127.0.0.1', port })
    this.port = (app.server.address() as { port: number }).port
    this.app = app
  }

  async stop(): Promise<void> {
    await this.app?.close()
    this.app = null
  }

  /** One run as n8n's API reports it without its data. */
  private summaryOf(id: string, execution: FakeExecution) {
    const { status, workflowId, mode = 'webhook', startedAt = null, stoppedAt = null } = execution
    return { id, finished: status === 'success', mode, retryOf: null, retrySuccessId: null, status, startedAt, stoppedAt, workflowId, waitTill: null }
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
