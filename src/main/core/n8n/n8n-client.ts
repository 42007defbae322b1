import { n8nBaseUrlOf } from '../../../shared/n8n-urls'

/** n8n's execution statuses, as its public API reports them. */
export type N8nExecutionStatus = 'success' | 'error' | 'crashed' | 'canceled' | 'waiting' | 'running' | 'new' | 'unknown'

export interface N8nExecution {
  id: string
  workflowId: string
  status: N8nExecutionStatus
  finished: boolean
  /** How n8n started it: `webhook`, `trigger` (a schedule), `manual` (the editor), `retry`… */
  mode?: string
  startedAt: string | null
  stoppedAt: string | null
  waitTill: string | null
  /** With `includeData`: how the run ended, the error and the node it stopped at among it. */
  data?: { resultData?: { error?: { message?: string; description?: string | null }; lastNodeExecuted?: string } }
}

/** A workflow as n8n's API returns it, with what Flowgate reads of its nodes. */
export interface N8nWorkflowRecord {
  id: string
  name: string
  active: boolean
  nodes?: { type: string; name?: string; disabled?: boolean; parameters?: { path?: string; httpMethod?: string; authentication?: string } }[]
}

export interface N8nConnection {
  apiUrl: string
  apiKey: string
}

export type N8nProblem = 'unreachable' | 'wrong_url' | 'bad_key' | 'error'

export class N8nApiError extends Error {
  constructor(
    readonly problem: N8nProblem,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message)
    this.name = 'N8nApiError'
  }
}

const TIMEOUT_MS = 10_000

/** A small typed client for n8n's public API (X-N8N-API-KEY, cursor pagination). */
export class N8nClient {
  constructor(private readonly connection: N8nConnection) {}

  /** With `includeData`, the run's data too (every node's output: can be large, so only when needed). */
  getExecution(id: string, options: { includeData?: boolean } = {}): Promise<N8nExecution> {
    return this.request<N8nExecution>('GET', `/executions/${encodeURIComponent(id)}${options.includeData ? '?includeData=true' : ''}`)
  }

  async listExecutions(filter: { workflowId?: string; status?: N8nExecutionStatus; limit?: number }): Promise<N8nExecution[]> {
    const all: N8nExecution[] = []
    let cursor: string | null = null
    do {
      const query = new URLSearchParams()
      if (filter.workflowId) query.set('workflowId', filter.workflowId)
      if (filter.status) query.set('status', filter.status)
      query.set('limit', String(Math.min(filter.limit ?? 100, 250)))
      if (cursor) query.set('cursor', cursor)
      const page: { data: N8nExecution[]; nextCursor: string | null } = await this.request('GET', `/executions?${query}`)
      all.push(...page.data)
      cursor = page.nextCursor
    } while (cursor && all.length < (filter.limit ?? 100))
    return all
  }

  /** Every workflow, page by page (n8n pages its list with a cursor). */
  async listWorkflows(): Promise<N8nWorkflowRecord[]> {
    const all: N8nWorkflowRecord[] = []
    let cursor: string | null = null
    do {
      const page: { data: N8nWorkflowRecord[]; nextCursor: string | null } = await this.request('GET', `/workflows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      all.push(...page.data)
      cursor = page.nextCursor
    } while (cursor)
    return all
  }

  stopExecution(id: string): Promise<unknown> {
    return this.request('POST', `/executions/${encodeURIComponent(id)}/stop`)
  }

  createCredential(credential: { name: string; type: string; data: Record<string, string> }): Promise<{ id: string; name: string }> {
    return this.request('POST', '/credentials', credential)
  }

  updateCredential(id: string, changes: { data: Record<string, string> }): Promise<{ id: string }> {
    return this.request('PATCH', `/credentials/${encodeURIComponent(id)}`, changes)
  }

  deleteCredential(id: string): Promise<unknown> {
    return this.request('DELETE', `/credentials/${encodeURIComponent(id)}`)
  }

  createWorkflow(workflow: object): Promise<{ id: string; name: string; active: boolean }> {
    return this.request('POST', '/workflows', workflow)
  }

  activateWorkflow(id: string): Promise<{ id: string; active: boolean }> {
    return this.request('POST', `/workflows/${encodeURIComponent(id)}/activate`)
  }

  get baseUrl(): string {
    return n8nBaseUrlOf(this.connection.apiUrl)
  }

  private async request<T>(method: string, path: string, body?: object): Promise<T> {
    let response: Response
    try {
      response = await fetch(`${this.connection.apiUrl}${path}`, {
        method,
        headers: {
          'x-n8n-api-key': this.connection.apiKey,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message
      throw new N8nApiError('unreachable', `n8n at ${this.connection.apiUrl} is unreachable (${cause})`)
    }
    if (response.status === 401) throw new N8nApiError('bad_key', 'n8n refused the API key (check N8N_API_KEY)', response.status)
    // n8n's API keys carry scopes: a valid key may still not be allowed this one call.
    if (response.status === 403) throw new N8nApiError('bad_key', `n8n's API key may not ${method} ${path.split('?')[0]} (its scopes do not include it)`, response.status)
    const text = await response.text()
    if (!response.ok) throw new N8nApiError('error', `n8n answered ${response.status}: ${text.slice(0, 300)}`, response.status)
    try {
      return JSON.parse(text) as T
    } catch {
      throw new N8nApiError('wrong_url', `${this.connection.apiUrl} did not answer JSON; is it n8n's API (…/api/v1)?`)
    }
  }
}

/** Flowgate's status for an n8n status; null while n8n is still working on it. */
export function flowgateStatusOf(status: N8nExecutionStatus): 'completed' | 'failed' | 'cancelled' | null {
  if (status === 'success') return 'completed'
  if (status === 'error' || status === 'crashed') return 'failed'
  if (status === 'canceled') return 'cancelled'
  return null
}

/** A client when n8n's API URL and key are both configured. */
export function n8nClientFrom(config: { N8N_API_URL?: string; N8N_API_KEY?: string }): N8nClient | null {
  return config.N8N_API_URL && config.N8N_API_KEY ? new N8nClient({ apiUrl: config.N8N_API_URL, apiKey: config.N8N_API_KEY }) : null
}
