import proxyaddr from '@fastify/proxy-addr'
import type { FastifyRequest } from 'fastify'

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

/** Proxies believed when they say who called: a tunnel agent or reverse proxy on this computer. */
export const DEFAULT_TRUSTED_PROXIES = ['loopback']

/** Checks a list of proxies (addresses, CIDR ranges, or loopback / linklocal / uniquelocal); throws on one that is not. */
export const compileTrustedProxies = (proxies: readonly string[]) => proxyaddr.compile([...proxies])

/** Each address checked once: on the intake path the same few (the tunnel agent's) come again and again. */
function remembered(trust: (address: string, hop: number) => boolean): (address: string, hop: number) => boolean {
  const known = new Map<string, boolean>()
  return (address) => {
    let trusted = known.get(address)
    if (trusted === undefined) {
      if (known.size >= 1_000) known.clear()
      trusted = trust(address, 0)
      known.set(address, trusted)
    }
    return trusted
  }
}

/**
 * Who is calling. Through a tunnel every request comes from 127.0.0.1, so the address the
 * tunnel saw identifies the sender: walking X-Forwarded-For from the right (ngrok and Cloudflare
 * both append the caller's address), the first hop that is not a trusted proxy — entries further
 * left are whatever the caller wrote, and could change on every request to slip past the rate
 * limit. Only a trusted proxy's headers are believed: a caller reaching the listener directly is
 * its socket's address, whatever it writes. cloudflared's CF-Connecting-IP serves when every hop
 * named is a trusted proxy.
 */
export function senderIdentifier(trustedProxies: readonly string[]): (request: FastifyRequest) => string {
  const trusted = remembered(compileTrustedProxies(trustedProxies))
  return (request) => {
    // Undefined only once the socket is gone.
    const nearestUntrusted = proxyaddr(request.raw, trusted) ?? 'unknown'
    const sender = trusted(nearestUntrusted, 0) ? first(request.headers['cf-connecting-ip'])?.trim() || nearestUntrusted : nearestUntrusted
    return sender.slice(0, 64)
  }
}
