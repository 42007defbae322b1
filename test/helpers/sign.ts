import { createHmac } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

/** The three ways n8n can sign a request to Flowgate, as a sender would do it. */
export const sign = {
  sharedSecret: (secret: string) => ({ 'x-n8n-signature': secret }),
  hmac: (body: string, secret: string) => ({
    'x-flowgate-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  }),
  standard: (body: string, secret: string, id = `msg_${Math.random().toString(36).slice(2)}`, at = new Date()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret, { format: 'raw' }).sign(id, at, body),
  }),
}

export const json = { 'content-type': 'application/json' }
