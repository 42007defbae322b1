import type { FastifyRequest } from 'fastify'

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

/**
 * Who is calling. Through a tunnel every request comes from 127.0.0.1, so the tunnel's
 * forwarded client address identifies the sender (cloudflared: CF-Connecting-IP; ngrok and
 * most proxies: X-Forwarded-For); the socket address is the fallback for direct calls.
 */
export function senderKey(request: FastifyRequest): string {
  const forwarded =
    first(request.headers['cf-connecting-ip']) ??
    first(request.headers['true-client-ip']) ??
    first(request.headers['x-forwarded-for'])?.split(',')[0]
  return (forwarded?.trim() || request.ip).slice(0, 64)
}
