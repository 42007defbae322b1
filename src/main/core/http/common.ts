import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Logger } from '../logger'

/** Options every listener shares: our logger, and no per-request log lines on the hot path. */
export function listenerOptions(log: Logger): FastifyServerOptions & { loggerInstance: FastifyBaseLogger } {
  return {
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  }
}

/** Error bodies on every listener are `{error, message}`: a stable code and a sentence. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` })
  })
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) request.log.error({ err: error }, 'request failed')
    const message = status === 500 ? 'Internal error; see the log for details' : error.message
    void reply.code(status).send({ error: error.code?.toLowerCase() ?? 'error', message })
  })
}
