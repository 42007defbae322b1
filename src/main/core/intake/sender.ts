import type { FastifyRequest } from 'fastify'

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

/** This computer: a tunnel agent or a local reverse proxy passing the request on, never the sender. */
const LOOPBACK = /^(?:127\.|::1$|::ffff:127\.)/

/**
 * The address the nearest proxy that is not on this computer saw: each proxy appends the address
 * it was called from, so the entries before it are whatever the caller wrote.
 */
function lastForwarded(header: string | undefined): string | undefined {
  const hops = (header ?? '').split(',').map((hop) => hop.trim())
  return hops.reverse().find((hop) => hop !== '' && !LOOPBACK.test(hop))
}

/**
 * Who is calling. Through a tunnel every request comes from 127.0.0.1, so the address the
 * tunnel saw identifies the sender: the last X-Forwarded-For entry (ngrok and Cloudflare both
 * append the caller's address; a first entry the caller wrote could change on every request and
 * slip past the rate limit), else cloudflared's CF-Connecting-IP; the socket for direct calls.
 */
export function senderKey(request: FastifyRequest): string {
  const forwarded = lastForwarded(first(request.headers['x-forwarded-for'])) ?? first(request.headers['cf-connecting-ip'])?.trim()
  return (forwarded || request.ip).slice(0, 64)
}
