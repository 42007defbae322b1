import Fastify, { type FastifyInstance } from 'fastify'
import { webhookRoutes, type IntakeDeps } from '../intake/webhook-routes'
import type { Logger } from '../logger'
import { installDebugRequestLog, installErrorHandlers, listenerOptions } from './common'

export interface PublicServerDeps {
  log: Logger
  intake: IntakeDeps
}

/**
 * The tunnel's target: reachable from the internet, so it carries only n8n's webhook routes
 * and a health probe that reveals nothing. No management route is ever mounted here.
 */
export function buildPublicServer(deps: PublicServerDeps): FastifyInstance {
  const app = Fastify({ ...listenerOptions(deps.log), bodyLimit: deps.intake.bodyLimitBytes })
  installErrorHandlers(app)
  installDebugRequestLog(app)
  app.get('/api/v1/health', async () => ({ status: 'ok' }))
  void app.register(webhookRoutes(deps.intake))
  return app
}
