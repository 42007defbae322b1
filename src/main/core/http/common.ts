import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { Logger } from '../logger'

/**
 * Options every listener shares: our logger, no per-request log lines, and no per-request
 * child logger either (pino builds one per call; the module logger names the source already).
 */
export function listenerOptions(log: Logger, limits: { requestTimeoutSeconds?: number } = {}): FastifyServerOptions & { loggerInstance: FastifyBaseLogger } {
  return {
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger) => logger,
    // Refusals the router makes before any route runs get the same `{error, message}` bodies…
    frameworkErrors: (error, request, reply) => void replyWithError(error, request, reply),
    // …and so do those Node makes before Fastify sees a request.
    clientErrorHandler: (error, socket) => refuseConnection(error, socket, limits.requestTimeoutSeconds),
  }
}

/** What Node refuses before any route runs: too slow, headers too large, or not HTTP at all. */
function connectionRefusal(code: string | undefined, requestTimeoutSeconds: number | undefined): { status: number; error: string; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const within = requestTimeoutSeconds === undefined ? 'in time' : `within ${requestTimeoutSeconds} s`
    return { status: 408, error: 'request_timeout', message: `The request did not arrive in full ${within}; send it again` }
  }
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, error: 'headers_too_large', message: 'Request headers are larger than this listener accepts (16 KiB)' }
  return { status: 400, error: 'bad_request', message: 'Not a well-formed HTTP/1.1 request' }
}

/** Answers in the listeners' `{error, message}` shape, then closes: the connection cannot be trusted to carry another request. */
function refuseConnection(error: Error & { code?: string }, socket: Socket, requestTimeoutSeconds: number | undefined): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { status, ...body } = connectionRefusal(error.code, requestTimeoutSeconds)
  const text = JSON.stringify(body)
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`)
  }
  socket.destroy()
}

interface HttpError {
  statusCode?: number
  code?: string
  error?: string
  message: string
}

/** Fastify's own 4xx errors, reworded for the people reading them. */
const friendlier: Record<string, (e: HttpError) => { error: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({ error: 'payload_too_large', message: 'Body is larger than this listener accepts' }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({ error: 'unsupported_media_type', message: 'Content-Type must be application/json' }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({ error: 'bad_request', message: 'Content-Length does not match the body' }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({ error: 'bad_request', message: 'Body is empty; send a JSON object' }),
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({ error: 'bad_request', message: 'Body is not valid JSON' }),
  FST_ERR_MAX_PARAM_LENGTH: () => ({ error: 'uri_too_long', message: 'Path is longer than this listener accepts' }),
  FST_ERR_BAD_URL: () => ({ error: 'bad_request', message: 'Path is not a valid URL (bad percent-encoding)' }),
}

/** With the debug switch on, one line per request; headers stay out (they carry secrets). */
export function installDebugRequestLog(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every webhook and should cost nothing when off.
  app.addHook('onResponse', (request, reply, done) => {
    if ((request.log as Logger).isLevelEnabled('debug')) {
      request.log.debug({ method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request')
    }
    done()
  })
}

/** A path as it may appear in a message: long ones are cut, so a refusal never echoes a flood. */
const shownPath = (url: string) => {
  const path = url.split('?')[0]!
  return path.length > 200 ? `${path.slice(0, 200)}…` : path
}

/** The one answer to a failed request: 4xx in words, anything else logged and kept vague. */
function replyWithError(error: HttpError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
  if (status === 500) {
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send({ error: 'internal', message: 'Internal error; see the log for details' })
  }
  const known = error.code ? friendlier[error.code]?.(error) : undefined
  const body = known ?? { error: error.error ?? error.code?.toLowerCase() ?? 'bad_request', message: error.message }
  return reply.code(status).send(body)
}

/** Error bodies on every listener are `{error, message}`: a stable code and a sentence. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${shownPath(request.url)}` })
  })
  app.setErrorHandler((error: HttpError, request, reply) => replyWithError(error, request, reply))
}
