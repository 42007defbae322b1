import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../clock'
import type { ThrottledRecorder } from '../monitor'
import { classifyWebhook } from './classify'
import type { GroupCommitter } from './group-commit'
import { keptHeaders } from './kept-headers'
import { parseWebhookBody } from './parse-body'
import { senderIdentifier } from './sender'
import { verifySignature, type SignatureResult } from './signature'

export interface WebhookTarget {
  id: number
  webhookSecret: string | null
}

export interface IntakeDeps {
  committer: GroupCommitter
  rejections: ThrottledRecorder
  clock: Clock
  /** A registered workflow by Flowgate id or n8n workflow id. */
  findWorkflow: (idOrN8nId: string) => WebhookTarget | null
  globalSecret: () => string | undefined
  /** The global secret a rotation replaced, while it is still accepted. */
  previousSecret?: () => string | undefined
  bodyLimitBytes: number
  rateLimitPerMinute: number
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or loopback / linklocal / uniquelocal). */
  trustedProxies: readonly string[]
}

const WORKFLOW_ID = /^[A-Za-z0-9_-]{1,64}$/
const DEDUPE_KEY = /^[\x21-\x7e]{1,200}$/

/** Bytes this door cannot read as they are: compressed, or text in another charset than UTF-8. */
function unreadableEncoding(headers: FastifyRequest['headers']): string | null {
  const encoding = headers['content-encoding']?.trim().toLowerCase()
  if (encoding && encoding !== 'identity') return `Content-Encoding ${encoding.slice(0, 40)} is not supported; send the body uncompressed`
  const charset = /;\s*charset="?([^";\s]+)/i.exec(headers['content-type'] ?? '')?.[1]?.toLowerCase()
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return `Body must be UTF-8 JSON; charset=${charset.slice(0, 40)} is not supported`
  return null
}

const send = (reply: FastifyReply, status: number, error: string, message: string) =>
  reply.code(status).send({ error, message })

const noSecretMessage =
  'No webhook secret is configured: set N8N_WEBHOOK_SECRET (or a secret on this workflow) so Flowgate can authenticate n8n'

/** n8n's door: authenticate, validate, commit durably, then and only then acknowledge. */
export function webhookRoutes(deps: IntakeDeps) {
  const senderKey = senderIdentifier(deps.trustedProxies)
  return async function register(app: FastifyInstance): Promise<void> {
    await app.register(rateLimit, {
      max: deps.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: senderKey,
      // n8n ignores the quota headers; only a refusal carries them (with Retry-After).
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'rate_limited',
        message: `Too many requests from this sender; retry in ${context.after}`,
      }),
    })
    // The raw bytes are what signatures cover, so JSON is parsed only after verification.
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: deps.bodyLimitBytes }, (request, body, done) => {
      const refusal = unreadableEncoding(request.headers)
      done(refusal ? Object.assign(new Error(refusal), { statusCode: 415, error: 'unsupported_media_type' }) : null, body)
    })

    const rejectSignature = (request: FastifyRequest, reply: FastifyReply, result: Extract<SignatureResult, { ok: false }>) => {
      const sender = senderKey(request)
      deps.rejections.record(`${sender}:${result.reason}`, {
        eventType: 'webhook_rejected',
        severity: 'warning',
        data: { reason: result.reason, error: result.message, sender, path: request.url.split('?')[0] },
      })
      return send(reply, 401, 'unauthorized', result.message)
    }

    /** Right after a rotation n8n may still sign with the old secret; while it is accepted, that is let in and said. */
    const signedWithPrevious = (request: FastifyRequest, raw: Buffer, previousSecret: (() => string | undefined) | undefined): boolean => {
      const previous = previousSecret?.()
      if (!previous || !verifySignature(raw, request.headers, previous).ok) return false
      const sender = senderKey(request)
      deps.rejections.record(`${sender}:previous-secret`, {
        eventType: 'previous_secret_used',
        severity: 'warning',
        data: { direction: 'from n8n', sender, path: request.url.split('?')[0], message: "n8n signed with the previous webhook secret: put the current one in n8n's credential before the old one stops being accepted" },
      })
      return true
    }

    /** `previous`: the replaced global secret, when `secret` is the global one (asked for only when `secret` fails). */
    const authenticate = (request: FastifyRequest, reply: FastifyReply, secret: string | undefined, raw: Buffer, previous?: () => string | undefined) => {
      if (!secret) {
        send(reply, 503, 'not_configured', noSecretMessage)
        return false
      }
      const result = verifySignature(raw, request.headers, secret)
      if (result.ok) return true
      if (result.reason === 'bad' && signedWithPrevious(request, raw, previous)) return true
      rejectSignature(request, reply, result)
      return false
    }

    const accept = async (
      request: FastifyRequest,
      reply: FastifyReply,
      route: 'workflow' | 'generic',
      target: WebhookTarget | null,
    ) => {
      const raw = request.body as Buffer
      const body = parseWebhookBody(raw)
      if (!body.ok) return send(reply, 400, 'bad_request', body.message)
      const classified = classifyWebhook(body.value, route)
      if (!classified.ok) return send(reply, 400, 'bad_request', classified.message)
      const key = request.headers['webhook-id'] ?? request.headers['idempotency-key']
      const dedupe = Array.isArray(key) ? key[0] : key
      if (dedupe !== undefined && !DEDUPE_KEY.test(dedupe)) {
        return send(reply, 400, 'bad_request', 'webhook-id / Idempotency-Key must be 1–200 visible ASCII characters')
      }
      let stored
      try {
        stored = await deps.committer.enqueue({
          workflowId: target?.id ?? null,
          kind: classified.kind,
          payload: body.text,
          headers: keptHeaders(request.headers),
          source: senderKey(request),
          dedupeKey: dedupe ? `${target?.id ?? 'generic'}:${dedupe}` : null,
        })
      } catch (error) {
        request.log.error({ err: error }, 'webhook could not be stored')
        // Heard by the alerts before it is stored, so a full disk still reaches the operator's phone.
        deps.rejections.record('not-stored', {
          eventType: 'webhook_not_stored',
          severity: 'error',
          workflowId: target?.id ?? null,
          data: { error: (error as Error).message, summary: 'answered 503: n8n was told to send it again', sender: senderKey(request), path: request.url.split('?')[0] },
        })
        return send(reply, 503, 'unavailable', 'The webhook could not be stored and was not accepted; send it again')
      }
      return reply.code(202).send(stored.duplicate ? { queued: stored.id, duplicate: true } : { queued: stored.id })
    }

    const requireJson = (request: FastifyRequest, reply: FastifyReply): boolean => {
      if (Buffer.isBuffer(request.body)) return true
      send(reply, 415, 'unsupported_media_type', 'Content-Type must be application/json')
      return false
    }

    app.get('/api/v1/webhooks/n8n/test', async (request, reply) => {
      const signed = ['x-n8n-signature', 'x-flowgate-signature', 'webhook-signature'].some((h) => h in request.headers)
      if (signed && !authenticate(request, reply, deps.globalSecret(), Buffer.alloc(0), deps.previousSecret)) return reply
      return { status: 'ok', authenticated: signed, message: signed ? 'Signature accepted' : 'Flowgate is reachable; sign the request to check your secret' }
    })

    app.post('/api/v1/webhooks/n8n/generic', async (request, reply) => {
      if (!requireJson(request, reply)) return reply
      if (!authenticate(request, reply, deps.globalSecret(), request.body as Buffer, deps.previousSecret)) return reply
      return accept(request, reply, 'generic', null)
    })

    app.post<{ Params: { workflowId: string } }>('/api/v1/webhooks/n8n/:workflowId', async (request, reply) => {
      const { workflowId } = request.params
      if (!WORKFLOW_ID.test(workflowId)) {
        return send(reply, 400, 'bad_request', 'Workflow id must be 1–64 letters, digits, "-" or "_"')
      }
      if (!requireJson(request, reply)) return reply
      const target = deps.findWorkflow(workflowId)
      // Unknown ids are checked against the global secret, so strangers learn nothing.
      const own = target?.webhookSecret
      if (!authenticate(request, reply, own ?? deps.globalSecret(), request.body as Buffer, own ? undefined : deps.previousSecret)) return reply
      if (!target) return send(reply, 404, 'unknown_workflow', `No workflow "${workflowId}" is registered in Flowgate; nothing was stored`)
      return accept(request, reply, 'workflow', target)
    })
  }
}
