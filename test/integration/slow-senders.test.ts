import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

/** Writes raw bytes to the public listener and reads everything until the server closes: the answer and how long it took. */
async function rawExchange(url: string, chunks: string[]): Promise<{ status: number; body: unknown; ms: number }> {
  const { hostname, port } = new URL(url)
  const started = performance.now()
  const socket = net.connect(Number(port), hostname)
  for (const chunk of chunks) socket.write(chunk)
  const text = await new Promise<string>((resolve, reject) => {
    let received = ''
    socket.on('data', (data) => (received += data.toString()))
    socket.on('close', () => resolve(received))
    socket.on('error', reject)
  })
  const [head = '', body = ''] = text.split('\r\n\r\n')
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]), body: JSON.parse(body), ms: performance.now() - started }
}

const startOfPost = (contentLength: number) =>
  `POST /api/v1/webhooks/n8n/generic HTTP/1.1\r\nHost: flowgate\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n`

describe('the public listener and senders too slow or too odd to be n8n', () => {
  let c: RunningCore

  beforeAll(async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, FLOWGATE_WEBHOOK_REQUEST_TIMEOUT_SECONDS: '1' })
  })
  afterAll(async () => {
    await c.close()
  })

  it('answers 408 to a body that stops half-way and closes the connection, storing nothing, while n8n is served meanwhile', async () => {
    const stalled = rawExchange(c.publicUrl, [`${startOfPost(200)}\r\n`, '{"event":"lead.created","da'])
    const body = JSON.stringify({ event: 'lead.created', data: {} })
    const meanwhile = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/generic`, { method: 'POST', body, headers: { ...json, ...sign.hmac(body, TEST_WEBHOOK_SECRET) } })
    expect(meanwhile.status).toBe(202)
    const answer = await stalled
    expect(answer.status).toBe(408)
    expect(answer.body).toEqual({ error: 'request_timeout', message: 'The request did not arrive in full within 1 s; send it again' })
    // Looked for every second, so cut off between one and about two seconds in.
    expect(answer.ms).toBeGreaterThanOrEqual(950)
    expect(answer.ms).toBeLessThan(4_000)
    expect(c.count('webhook_queue')).toBe(1)
  })

  it('answers 408 to headers that never end', async () => {
    const answer = await rawExchange(c.publicUrl, [startOfPost(2), 'X-Slow: 1\r\n'])
    expect(answer.status).toBe(408)
    expect(answer.ms).toBeLessThan(4_000)
  })

  it('answers 431 to headers larger than 16 KiB and 400 to what is not HTTP, in the same {error, message} shape', async () => {
    const huge = await rawExchange(c.publicUrl, [`${startOfPost(2)}X-Padding: ${'a'.repeat(20_000)}\r\n\r\n{}`])
    expect(huge).toMatchObject({ status: 431, body: { error: 'headers_too_large', message: 'Request headers are larger than this listener accepts (16 KiB)' } })
    const garbage = await rawExchange(c.publicUrl, ['\x16\x03\x01\x02\x00 TLS hello to a plain port\r\n\r\n'])
    expect(garbage).toMatchObject({ status: 400, body: { error: 'bad_request', message: 'Not a well-formed HTTP/1.1 request' } })
    expect(c.count('webhook_queue')).toBe(1)
  })
})
