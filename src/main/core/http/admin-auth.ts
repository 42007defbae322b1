import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

export const ADMIN_COOKIE = 'flowgate_admin'

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Constant-time: hashing first makes both sides the same length whatever was sent. */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false
  return timingSafeEqual(digest(candidate), digest(token))
}

export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim()
  return request.cookies[ADMIN_COOKIE]
}

/**
 * Browsers send an Origin on cross-site requests; anything but our own page is refused, so
 * another site open in the operator's browser cannot drive the admin API.
 */
export function isForeignOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin
  if (!origin) return false
  return origin !== `http://${request.headers.host}`
}

export function rejectUnauthorized(reply: FastifyReply, message: string): void {
  void reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message })
}
