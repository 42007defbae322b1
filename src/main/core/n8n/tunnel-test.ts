import { createHmac } from 'node:crypto'
import type { TunnelTestResult } from '../../../shared/schemas/n8n'

const TIMEOUT_MS = 10_000

/**
 * Settings' tunnel self-test: calls Flowgate's own test route through the public URL, signed
 * the way n8n's Crypto node would (HMAC of the empty body), so the secret never travels.
 */
export async function testTunnel(publicUrl: string | undefined, secret: string | undefined): Promise<TunnelTestResult> {
  if (!publicUrl) return { ok: false, status: null, message: 'Set FLOWGATE_PUBLIC_URL (your tunnel address) first', latency_ms: null }
  const headers: Record<string, string> = secret ? { 'x-flowgate-signature': `sha256=${createHmac('sha256', secret).update('').digest('hex')}` } : {}
  const started = performance.now()
  try {
    const response = await fetch(`${publicUrl.replace(/\/+$/, '')}/api/v1/webhooks/n8n/test`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) })
    const latency = Math.round(performance.now() - started)
    const body = (await response.json().catch(() => null)) as { status?: string; authenticated?: boolean; message?: string } | null
    if (response.ok && body?.status === 'ok') {
      const message = body.authenticated ? `Reached Flowgate through ${publicUrl} and the webhook secret matches` : `Reached Flowgate through ${publicUrl}; set N8N_WEBHOOK_SECRET to check signatures too`
      return { ok: true, status: response.status, message, latency_ms: latency }
    }
    const reason = body?.message ?? `answered ${response.status}, not Flowgate's test route`
    return { ok: false, status: response.status, message: `${publicUrl}: ${reason}`, latency_ms: latency }
  } catch (error) {
    return { ok: false, status: null, message: `${publicUrl} is unreachable (${(error as Error).message})`, latency_ms: null }
  }
}
