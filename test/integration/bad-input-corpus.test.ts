import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { sign } from '../helpers/sign'

type Body = string | Buffer
interface Case {
  name: string
  status: number
  error: string
  message: RegExp
  body?: Body
  path?: string
  method?: 'POST' | 'GET'
  contentType?: string | null
  /** Signature headers; by default a valid HMAC over the exact bytes. */
  headers?: (body: Buffer) => Record<string, string>
}

const hmacOf = (body: Buffer) => ({ 'x-flowgate-signature': `sha256=${createHmac('sha256', TEST_WEBHOOK_SECRET).update(body).digest('hex')}` })
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const approval = (patch: Record<string, unknown>) =>
  JSON.stringify({
    type: 'approval.requested',
    n8n_execution_id: '12',
    resume_url: 'http://127.0.0.1:5678/webhook-waiting/12?signature=ab',
    approval_type: 'email_send',
    title: 'Send',
    ...patch,
  })

const corpus: Case[] = [
  { name: 'text/plain body', contentType: 'text/plain', body: 'hello', status: 415, error: 'unsupported_media_type', message: /application\/json/ },
  { name: 'no content type', contentType: null, body: '{"a":1}', status: 415, error: 'unsupported_media_type', message: /application\/json/ },
  { name: 'form encoded', contentType: 'application/x-www-form-urlencoded', body: 'a=1', status: 415, error: 'unsupported_media_type', message: /application\/json/ },
  { name: 'multipart', contentType: 'multipart/form-data; boundary=x', body: '--x--', status: 415, error: 'unsupported_media_type', message: /application\/json/ },
  { name: 'XML', contentType: 'application/xml', body: '<a/>', status: 415, error: 'unsupported_media_type', message: /application\/json/ },
  { name: 'truncated JSON', body: '{"lead":{"email":', status: 400, error: 'bad_request', message: /not valid JSON/ },
  { name: 'empty body', body: '', status: 400, error: 'bad_request', message: /Body is empty/ },
  { name: '2 MiB body', body: JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }), status: 413, error: 'payload_too_large', message: /larger than this listener accepts/ },
  { name: 'nesting 100 deep', body: nested(100), status: 400, error: 'bad_request', message: /nested deeper than 64/ },
  { name: 'nesting 100k deep', body: nested(100_000), status: 400, error: 'bad_request', message: /not valid JSON|nested deeper/ },
  { name: 'raw NUL byte', body: Buffer.from('{"a":"x\u0000y"}'), status: 400, error: 'bad_request', message: /not valid JSON/ },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, error: 'bad_request', message: /not valid UTF-8/ },
  { name: 'UTF-8-encoded lone surrogate', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), status: 400, error: 'bad_request', message: /not valid UTF-8/ },
  { name: 'trailing garbage', body: '{"a":1} {"b":2}', status: 400, error: 'bad_request', message: /not valid JSON/ },
  { name: 'top-level array', body: '[1,2,3]', status: 400, error: 'bad_request', message: /must be a JSON object/ },
  { name: 'top-level string', body: '"hello"', status: 400, error: 'bad_request', message: /must be a JSON object/ },
  { name: 'top-level null', body: 'null', status: 400, error: 'bad_request', message: /must be a JSON object/ },
  { name: 'huge number', body: '{"amount":1e400}', status: 400, error: 'bad_request', message: /number is too large/ },
  { name: 'unknown execution type', body: '{"type":"execution.exploded","execution_id":1}', status: 400, error: 'bad_request', message: /Invalid execution callback: type/ },
  { name: 'non-string type', body: '{"type":42}', status: 400, error: 'bad_request', message: /Unknown type 42/ },
  { name: 'callback without execution_id', body: '{"type":"execution.completed"}', status: 400, error: 'bad_request', message: /execution_id/ },
  { name: 'SQL in execution_id', body: '{"type":"execution.failed","execution_id":"1; DROP TABLE webhook_queue"}', status: 400, error: 'bad_request', message: /execution_id/ },
  { name: 'approval without resume_url', body: approval({ resume_url: undefined }), status: 400, error: 'bad_request', message: /resume_url/ },
  { name: 'approval with javascript: URL', body: approval({ resume_url: 'javascript:alert(1)' }), status: 400, error: 'bad_request', message: /resume_url/ },
  { name: 'approval with unknown priority', body: approval({ priority: 'urgent' }), status: 400, error: 'bad_request', message: /priority/ },
  { name: 'approval with a 100k-hour expiry', body: approval({ expires_in_hours: 100_000 }), status: 400, error: 'bad_request', message: /expires_in_hours/ },
  { name: 'generic without event', path: '/api/v1/webhooks/n8n/generic', body: '{"data":{}}', status: 400, error: 'bad_request', message: /event/ },
  { name: 'generic with string data', path: '/api/v1/webhooks/n8n/generic', body: '{"event":"x","data":"y"}', status: 400, error: 'bad_request', message: /data/ },
  { name: 'path traversal id', path: '/api/v1/webhooks/n8n/..%2F..%2Fetc%2Fpasswd', body: '{}', status: 400, error: 'bad_request', message: /Workflow id must be/ },
  { name: 'SQL-looking id', path: `/api/v1/webhooks/n8n/${encodeURIComponent("1' OR '1'='1")}`, body: '{}', status: 400, error: 'bad_request', message: /Workflow id must be/ },
  { name: '65-character id', path: `/api/v1/webhooks/n8n/${'a'.repeat(65)}`, body: '{}', status: 400, error: 'bad_request', message: /Workflow id must be/ },
  { name: 'non-ASCII id', path: `/api/v1/webhooks/n8n/${encodeURIComponent('wörkflow')}`, body: '{}', status: 400, error: 'bad_request', message: /Workflow id must be/ },
  { name: 'oversized Idempotency-Key', body: '{}', headers: (b) => ({ ...hmacOf(b), 'idempotency-key': 'k'.repeat(300) }), status: 400, error: 'bad_request', message: /Idempotency-Key/ },
  { name: 'no signature', body: '{}', headers: () => ({}), status: 401, error: 'unauthorized', message: /No signature/ },
  { name: 'wrong shared secret', body: '{}', headers: () => sign.sharedSecret('wrong'), status: 401, error: 'unauthorized', message: /X-N8N-Signature does not match/ },
  { name: 'HMAC of another body', body: '{"amount":1000}', headers: () => sign.hmac('{"amount":1}', TEST_WEBHOOK_SECRET), status: 401, error: 'unauthorized', message: /does not match the body/ },
  { name: 'stale Standard Webhook', body: '{}', headers: () => sign.standard('{}', TEST_WEBHOOK_SECRET, 'm1', new Date(Date.now() - 10 * 60_000)), status: 401, error: 'unauthorized', message: /5-minute tolerance/ },
  { name: 'gzip-encoded body', body: '{}', headers: (b) => ({ ...hmacOf(b), 'content-encoding': 'gzip' }), status: 415, error: 'unsupported_media_type', message: /^Content-Encoding gzip is not supported/ },
  { name: 'UTF-16 charset', contentType: 'application/json; charset=UTF-16', body: '{}', status: 415, error: 'unsupported_media_type', message: /^Body must be UTF-8 JSON; charset=utf-16/ },
  { name: 'path longer than the router takes', path: `/api/v1/webhooks/n8n/${'a'.repeat(5000)}`, body: '{}', status: 414, error: 'uri_too_long', message: /^Path is longer than this listener accepts$/ },
  { name: 'broken percent-encoding in the path', path: '/api/v1/webhooks/n8n/%E0%A4%A', body: '{}', status: 400, error: 'bad_request', message: /^Path is not a valid URL/ },
  { name: 'long unknown path, not echoed whole', path: `/nope/${'b'.repeat(1000)}`, method: 'GET', body: undefined, status: 404, error: 'not_found', message: /^No route for GET \/nope\/b{194}…$/ },
  { name: 'GET on a webhook route', method: 'GET', body: undefined, status: 404, error: 'not_found', message: /No route for GET/ },
  { name: 'management route on the public port', path: '/api/v1/webhooks/queue/status', method: 'GET', body: undefined, status: 404, error: 'not_found', message: /No route/ },
]

describe('bad-input corpus: clear 4xx, nothing stored, still up', () => {
  let c: RunningCore
  let path: string

  beforeAll(async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    path = `/api/v1/webhooks/n8n/${c.addWorkflow()}`
  })
  afterAll(async () => {
    await c.close()
  })

  it('has at least 30 cases', () => expect(corpus.length).toBeGreaterThanOrEqual(30))

  it.each(corpus.map((k) => [k.name, k] as const))('%s', async (_name, k) => {
    const before = c.count('webhook_queue')
    const raw = k.body === undefined ? undefined : Buffer.isBuffer(k.body) ? k.body : Buffer.from(k.body)
    const headers: Record<string, string> = { ...(k.headers ?? hmacOf)(raw ?? Buffer.alloc(0)) }
    const contentType = k.contentType === undefined ? 'application/json' : k.contentType
    if (contentType && raw !== undefined) headers['content-type'] = contentType
    const response = await c.core.internals.publicServer.inject({ method: k.method ?? 'POST', url: k.path ?? path, headers, payload: raw })
    expect(response.statusCode).toBe(k.status)
    const body = response.json() as { error: string; message: string }
    expect(body.error).toBe(k.error)
    expect(body.message).toMatch(k.message)
    expect(c.count('webhook_queue')).toBe(before)
  })

  it('still accepts a good webhook afterwards, with or without a UTF-8 charset', async () => {
    const good = Buffer.from('{"ok":true}')
    for (const contentType of ['application/json', 'application/json; charset=UTF-8', 'application/json;charset="utf-8"']) {
      const response = await fetch(`${c.publicUrl}${path}`, { method: 'POST', body: good, headers: { 'content-type': contentType, 'content-encoding': 'identity', ...hmacOf(good) } })
      expect(response.status).toBe(202)
    }
  })
})
