/**
 * Builders for the n8n nodes our templates use, in n8n's workflow JSON shape. Every node that
 * talks to Flowgate uses one Header Auth credential named "Flowgate" (header X-N8N-Signature,
 * value = the webhook secret), chosen once after import.
 */
export type N8nNode = {
  id: string
  name: string
  type: string
  typeVersion: number
  position: [number, number]
  parameters: Record<string, unknown>
  webhookId?: string
  credentials?: Record<string, { name: string }>
  /** Shown under the node on n8n's canvas. */
  notes?: string
  notesInFlow?: boolean
  retryOnFail?: boolean
  maxTries?: number
  /** ms */
  waitBetweenTries?: number
}

const flowgateCredential = { httpHeaderAuth: { name: 'Flowgate' } }

/**
 * One key per message, the same on every try: this execution, this node (a pasted copy gets an id
 * of its own; an n8n without `$nodeId` gets the node's name, so two nodes never share a key), its
 * run and the item. Flowgate answers a repeat with the first webhook's id and stores nothing more,
 * so a try whose answer was lost never asks twice.
 */
const idempotencyKey = (nodeName: string) => {
  const named = nodeName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'flowgate-call'
  return `={{ $execution.id }}:{{ $nodeId ?? '${named}' }}:{{ $runIndex }}:{{ $itemIndex }}`
}

/**
 * n8n tries a refused call again — Flowgate's 503 (not stored), a 429, the tunnel blinking — five
 * times, five seconds apart (the most n8n allows), before the node fails.
 */
const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 5, waitBetweenTries: 5_000 }

const dispatch = "$('Flowgate dispatch').item.json.body"

/** Where to report: the callback URL the dispatch carried, else this Flowgate's public URL. */
const callbackUrl = (fallback: string) => `={{ ${dispatch}.flowgate?.callback_url ?? '${fallback}' }}`

export const nodes = {
  dispatchTrigger: (path: string): Omit<N8nNode, 'id' | 'position'> => ({
    name: 'Flowgate dispatch',
    type: 'n8n-nodes-base.webhook',
    typeVersion: 2,
    parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', authentication: 'headerAuth', options: {} },
    credentials: flowgateCredential,
  }),

  answerWithExecutionId: (): Omit<N8nNode, 'id' | 'position'> => ({
    name: 'Answer Flowgate',
    type: 'n8n-nodes-base.respondToWebhook',
    typeVersion: 1.1,
    parameters: { respondWith: 'json', responseBody: '={{ JSON.stringify({ n8n_execution_id: $execution.id }) }}', options: {} },
  }),

  /** A call to Flowgate with the "Flowgate" credential, tried again when refused; `body` is a JavaScript expression. */
  post: (name: string, url: string, body: string): Omit<N8nNode, 'id' | 'position'> => ({
    name,
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    parameters: {
      method: 'POST',
      url,
      authentication: 'genericCredentialType',
      genericAuthType: 'httpHeaderAuth',
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'Idempotency-Key', value: idempotencyKey(name) }] },
      sendBody: true,
      specifyBody: 'json',
      jsonBody: `={{ JSON.stringify(${body}) }}`,
      options: {},
    },
    credentials: flowgateCredential,
    ...RETRY_ON_FAIL,
  }),

  report: (name: string, fallbackUrl: string, body: string) => nodes.post(name, callbackUrl(fallbackUrl), body),

  /** Asks Flowgate for a decision; n8n's resume URL (query string included) goes whole. */
  requestApproval: (fallbackUrl: string, approvalType: string, title: string, priority: 'high' | 'medium' | 'low') =>
    nodes.report(
      `Request approval: ${approvalType}`,
      fallbackUrl,
      `{ type: 'approval.requested', execution_id: ${dispatch}.flowgate?.execution_id, n8n_execution_id: $execution.id, resume_url: $execution.resumeUrl, approval_type: '${approvalType}', title: '${title}', priority: '${priority}', data: ${dispatch}.data }`,
    ),

  waitForDecision: (): Omit<N8nNode, 'id' | 'position'> => ({
    name: 'Wait for decision',
    type: 'n8n-nodes-base.wait',
    typeVersion: 1.1,
    parameters: { resume: 'webhook', httpMethod: 'POST', options: {} },
  }),

  /** A business step the operator fills in (send email, render video, …), with a hint on the canvas. */
  placeholder: (what: string, note?: string): Omit<N8nNode, 'id' | 'position'> => ({
    name: `Placeholder: ${what}`,
    type: 'n8n-nodes-base.noOp',
    typeVersion: 1,
    parameters: {},
    ...(note ? { notes: note, notesInFlow: true } : {}),
  }),

  condition: (name: string, leftValue: string, operation: 'gte' | 'equals', rightValue: number | string): Omit<N8nNode, 'id' | 'position'> => ({
    name,
    type: 'n8n-nodes-base.if',
    typeVersion: 2.2,
    parameters: {
      conditions: {
        options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
        conditions: [
          {
            id: name,
            leftValue,
            rightValue,
            operator: { type: typeof rightValue === 'number' ? 'number' : 'string', operation },
          },
        ],
        combinator: 'and',
      },
      options: {},
    },
  }),
}

export const completedBody = `{ type: 'execution.completed', execution_id: ${dispatch}.flowgate?.execution_id, n8n_execution_id: $execution.id, output: $json }`
export const startedBody = `{ type: 'execution.started', execution_id: ${dispatch}.flowgate?.execution_id, n8n_execution_id: $execution.id }`
