import Fastify, { type FastifyInstance } from 'fastify'
import type { Logger } from '../logger'
import { installErrorHandlers, listenerOptions } from './common'

export interface PublicServerDeps {
  log: Logger
}

/**
 * The tunnel's target: reachable from the internet, so it carries only n8n's webhook routes
 * and a health probe that reveals nothing. No management route is ever mounted here.
 */
export function buildPublicServer(deps: PublicServerDeps): FastifyInstance {
  const app = Fastify({ ...listenerOptions(deps.log) })
  installErrorHandlers(app)
  app.get('/api/v1/health', async () => ({ status: 'ok' }))
  return app
}
