import { createHmac, timingSafeEqual } from 'node:crypto'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'

export type SignatureScheme = 'shared-secret' | 'hmac-sha256' | 'standard-webhooks'
export type SignatureFailure = 'missing' | 'bad' | 'stale'

export type SignatureResult =
  | { ok: true; scheme: SignatureScheme }
  | { ok: false; reason: SignatureFailure; message: string }

type Headers = Record<string, string | string[] | undefined>

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Equal-length buffers for timingSafeEqual without leaking the expected length. */
function constantTimeEqual(received: Buffer, expected: Buffer): boolean {
  if (received.length !== expected.length) {
    timingSafeEqual(expected, expected)
    return false
  }
  return timingSafeEqual(received, expected)
}

const standardWebhookVerifiers = new Map<string, Webhook>()
function standardWebhookVerifier(secret: string): Webhook {
  let verifier = standardWebhookVerifiers.get(secret)
  if (!verifier) {
    // Standard Webhooks secrets are `whsec_<base64>`; a plain n8n secret is used as raw bytes.
    verifier = secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' })
    standardWebhookVerifiers.set(secret, verifier)
  }
  return verifier
}

function verifyStandardWebhook(raw: Buffer, headers: Headers, secret: string): SignatureResult {
  try {
    const asStrings = {
      'webhook-id': header(headers, 'webhook-id') ?? '',
      'webhook-timestamp': header(headers, 'webhook-timestamp') ?? '',
      'webhook-signature': header(headers, 'webhook-signature') ?? '',
    }
    standardWebhookVerifier(secret).verify(raw, asStrings, { jsonParse: false })
    return { ok: true, scheme: 'standard-webhooks' }
  } catch (error) {
    const message = (error as Error).message
    if (!(error instanceof WebhookVerificationError) && !/timestamp|signature|headers/i.test(message)) throw error
    if (/too old|too new/.test(message)) {
      return { ok: false, reason: 'stale', message: 'webhook-timestamp is outside the 5-minute tolerance' }
    }
    if (/Missing|Invalid Signature Headers/.test(message)) {
      return { ok: false, reason: 'bad', message: 'webhook-id, webhook-timestamp or webhook-signature is malformed' }
    }
    return { ok: false, reason: 'bad', message: 'webhook-signature does not match the body' }
  }
}

function verifyHmac(raw: Buffer, value: string, secret: string): SignatureResult {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(value.trim())
  if (!match) return { ok: false, reason: 'bad', message: 'X-Flowgate-Signature must be sha256=<64 hex digits>' }
  const expected = createHmac('sha256', secret).update(raw).digest()
  return constantTimeEqual(Buffer.from(match[1]!, 'hex'), expected)
    ? { ok: true, scheme: 'hmac-sha256' }
    : { ok: false, reason: 'bad', message: 'X-Flowgate-Signature does not match the body' }
}

/**
 * Checks one request against the secret, over the raw bytes, trying the schemes in order of
 * strength: Standard Webhooks (signed, timestamped), HMAC of the body, then the shared secret.
 */
export function verifySignature(raw: Buffer, headers: Headers, secret: string): SignatureResult {
  if (header(headers, 'webhook-signature') !== undefined) return verifyStandardWebhook(raw, headers, secret)
  const hmac = header(headers, 'x-flowgate-signature')
  if (hmac !== undefined) return verifyHmac(raw, hmac, secret)
  const shared = header(headers, 'x-n8n-signature')
  if (shared !== undefined) {
    return constantTimeEqual(Buffer.from(shared), Buffer.from(secret))
      ? { ok: true, scheme: 'shared-secret' }
      : { ok: false, reason: 'bad', message: 'X-N8N-Signature does not match the configured secret' }
  }
  return {
    ok: false,
    reason: 'missing',
    message: 'No signature: send X-N8N-Signature, X-Flowgate-Signature or Standard Webhooks headers',
  }
}
