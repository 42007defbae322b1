import fs from 'node:fs'
import cookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import type { ContractApi } from '../../../shared/contract'
import { httpStatusOf } from '../../../shared/errors'
import { APPROVED_DATA_MAX_CHARS } from '../../../shared/schemas/approvals'
import type { Logger } from '../logger'
import type { PushBus } from '../push'
import { invokeMethod } from '../rpc'
import { version } from '../../../../package.json'
import { openApiDocument } from './openapi'
import { ADMIN_COOKIE, isForeignOrigin, presentedToken, rejectUnauthorized, tokenMatches } from './admin-auth'
import { installDebugRequestLog, installErrorHandlers, listenerOptions } from './common'
import { registerRestRoutes } from './rest-routes'
import { streamPushEvents } from './sse'

export interface AdminServerDeps {
  api: ContractApi
  push: PushBus
  /** The admin token now: it can be replaced while the listener runs. */
  token: () => string
  log: Logger
  /** The built renderer, served as the web console when present. */
  rendererDir?: string
}

/** Loopback-only management side: the contract over HTTP + SSE, and the web console. */
export function buildAdminServer(deps: AdminServerDeps): FastifyInstance {
  // Open event streams must not hold up a shutdown.
  // Room for an approval's data changed before approving (up to 1 MiB) with the call around it.
  const app = Fastify({ ...listenerOptions(deps.log), forceCloseConnections: true, bodyLimit: 2 * APPROVED_DATA_MAX_CHARS })
  installErrorHandlers(app)
  installDebugRequestLog(app)
  void app.register(cookie)

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff')
    reply.header('x-frame-options', 'DENY')
    reply.header('referrer-policy', 'no-referrer')
    return payload
  })

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return
    if (isForeignOrigin(request)) {
      return reply.code(403).send({ error: 'forbidden', message: 'Cross-origin requests are not accepted' })
    }
    if (!tokenMatches(presentedToken(request), deps.token())) {
      return rejectUnauthorized(reply, 'A valid admin token is required (Authorization: Bearer <token>)')
    }
  })

  // The console link carries the token once; it becomes an HttpOnly cookie and leaves the URL.
  app.get<{ Querystring: { token?: string } }>('/login', async (request, reply) => {
    if (!tokenMatches(request.query.token, deps.token())) {
      // A person at the sign-in form goes back to it with the reason; a script gets the 401.
      if (request.headers.accept?.includes('text/html')) return reply.redirect('/?signin=failed', 303)
      return rejectUnauthorized(reply, 'That admin token is not valid')
    }
    void reply.setCookie(ADMIN_COOKIE, deps.token(), { httpOnly: true, sameSite: 'strict', path: '/', secure: false })
    return reply.redirect('/', 303)
  })

  app.post<{ Params: { method: string } }>('/api/v1/rpc/:method', async (request, reply) => {
    const envelope = await invokeMethod(deps.api, request.params.method, request.body ?? undefined, deps.log)
    if ('error' in envelope) return reply.code(httpStatusOf[envelope.error.code]).send(envelope)
    return envelope
  })

  // A stream opened with a token that has since been replaced ends at the next push or heartbeat.
  app.get('/api/v1/events', (request, reply) => streamPushEvents(request, reply, deps.push, () => tokenMatches(presentedToken(request), deps.token())))
  app.get('/api/v1/health', async () => deps.api['health.get'](undefined))
  // Made once, on first asking: every schema of the contract converted.
  let document: ReturnType<typeof openApiDocument> | null = null
  app.get('/api/v1/openapi.json', async () => (document ??= openApiDocument(version)))
  registerRestRoutes(app, deps.api, deps.log)

  if (deps.rendererDir && fs.existsSync(deps.rendererDir)) {
    void app.register(fastifyStatic, { root: deps.rendererDir, index: ['index.html'] })
  }
  return app
}
