import Fastify, { type FastifyInstance } from 'fastify'
import { webhookRoutes, type IntakeDeps } from '../intake/webhook-routes'
import type { Logger } from '../logger'
import { installDebugRequestLog, installErrorHandlers, listenerOptions } from './common'

export interface PublicServerDeps {
  log: Logger
  intake: IntakeDeps
  /** How long a request may take to arrive in full, headers and body. */
  requestTimeoutSeconds: number
}

/** Headers come first and are small: a sender still sending them after this is not n8n. */
const HEADERS_TIMEOUT_MS = 10_000
/** How often requests past their time are looked for (Node's 30 s would let one run twice as long). */
const CHECK_EVERY_MS = 1_000

/**
 * The tunnel's target: reachable from the internet, so it carries only n8n's webhook routes
 * and a health probe that reveals nothing. No management route is ever mounted here.
 */
export function buildPublicServer(deps: PublicServerDeps): FastifyInstance {
  const requestTimeoutMs = deps.requestTimeoutSeconds * 1_000
  const app = Fastify({
    ...listenerOptions(deps.log, { requestTimeoutSeconds: deps.requestTimeoutSeconds }),
    bodyLimit: deps.intake.bodyLimitBytes,
    // Fastify turns Node's guard against slow senders off; on this door it stays on, or a sender
    // trickling its headers or body would hold a connection (and a file descriptor) for ever.
    requestTimeout: requestTimeoutMs,
    http: { headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs), connectionsCheckingInterval: CHECK_EVERY_MS },
  })
  installErrorHandlers(app)
  installDebugRequestLog(app)
  app.get('/api/v1/health', async () => ({ status: 'ok' }))
  void app.register(webhookRoutes(deps.intake))
  return app
}
