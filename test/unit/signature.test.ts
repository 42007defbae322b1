import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { verifySignature } from '../../src/main/core/intake/signature'
import { sign } from '../helpers/sign'

const secret = 'n8n-shared-secret-123'
const body = '{"type":"execution.completed","execution_id":1}'
const raw = Buffer.from(body)
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)

describe('signature matrix', () => {
  describe('X-N8N-Signature (shared secret, n8n Header Auth)', () => {
    it('valid', () => expect(verifySignature(raw, sign.sharedSecret(secret), secret)).toEqual({ ok: true, scheme: 'shared-secret' }))
    it('invalid', () => expect(verifySignature(raw, sign.sharedSecret('wrong'), secret)).toMatchObject({ ok: false, reason: 'bad' }))
    it('a prefix of the secret is not enough', () =>
      expect(verifySignature(raw, sign.sharedSecret(secret.slice(0, -1)), secret)).toMatchObject({ ok: false, reason: 'bad' }))
  })

  describe('X-Flowgate-Signature (HMAC-SHA256 of the raw body, n8n Crypto node)', () => {
    it('valid', () => expect(verifySignature(raw, sign.hmac(body, secret), secret)).toEqual({ ok: true, scheme: 'hmac-sha256' }))
    it('uppercase hex is accepted', () => {
      const hex = sign.hmac(body, secret)['x-flowgate-signature'].slice('sha256='.length)
      const headers = { 'x-flowgate-signature': `sha256=${hex.toUpperCase()}` }
      expect(verifySignature(raw, headers, secret).ok).toBe(true)
    })
    it('invalid: signed with another secret', () =>
      expect(verifySignature(raw, sign.hmac(body, 'other'), secret)).toMatchObject({ ok: false, reason: 'bad', message: 'X-Flowgate-Signature does not match the body' }))
    it('invalid: the body was changed after signing', () =>
      expect(verifySignature(Buffer.from(`${body} `), sign.hmac(body, secret), secret)).toMatchObject({ ok: false, reason: 'bad' }))
    it('malformed', () =>
      expect(verifySignature(raw, { 'x-flowgate-signature': 'md5=abc' }, secret)).toMatchObject({
        ok: false,
        message: 'X-Flowgate-Signature must be sha256=<64 hex digits>',
      }))
  })

  describe('Standard Webhooks', () => {
    it('valid', () => expect(verifySignature(raw, sign.standard(body, secret), secret)).toEqual({ ok: true, scheme: 'standard-webhooks' }))
    it('valid with a whsec_ secret', () => {
      const whsec = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`
      const id = 'msg_1'
      const at = new Date()
      const headers = {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(whsec).sign(id, at, body),
      }
      expect(verifySignature(raw, headers, whsec).ok).toBe(true)
    })
    it('invalid', () =>
      expect(verifySignature(raw, sign.standard(body, 'other'), secret)).toMatchObject({ ok: false, reason: 'bad', message: 'webhook-signature does not match the body' }))
    it('stale: older than 5 minutes', () =>
      expect(verifySignature(raw, sign.standard(body, secret, 'msg_old', minutesAgo(6)), secret)).toMatchObject({ ok: false, reason: 'stale' }))
    it('within tolerance: 4 minutes old', () =>
      expect(verifySignature(raw, sign.standard(body, secret, 'msg_ok', minutesAgo(4)), secret).ok).toBe(true))
    it('stale: from the future', () =>
      expect(verifySignature(raw, sign.standard(body, secret, 'msg_new', minutesAgo(-6)), secret)).toMatchObject({ ok: false, reason: 'stale' }))
    it('missing webhook-id', () => {
      const { 'webhook-id': _id, ...rest } = sign.standard(body, secret)
      expect(verifySignature(raw, rest, secret)).toMatchObject({ ok: false, reason: 'bad' })
    })
  })

  it('missing: no signature header at all', () =>
    expect(verifySignature(raw, { 'content-type': 'application/json' }, secret)).toMatchObject({
      ok: false,
      reason: 'missing',
      message: 'No signature: send X-N8N-Signature, X-Flowgate-Signature or Standard Webhooks headers',
    }))
})
