import type { z } from 'zod'
import {
  approvalRequestSchema,
  executionCallbackSchema,
  genericEventSchema,
  webhookTypes,
  type WebhookKind,
} from '../../../shared/schemas/webhooks'

export type Classified = { ok: true; kind: WebhookKind } | { ok: false; message: string }

const describe = (error: z.ZodError): string =>
  error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')

function check(kind: WebhookKind, schema: z.ZodType, body: unknown): Classified {
  const parsed = schema.safeParse(body)
  return parsed.success ? { ok: true, kind } : { ok: false, message: `Invalid ${kind.replace('_', ' ')}: ${describe(parsed.error)}` }
}

/** Which handler an item goes to, decided (and its shape checked) before it is acknowledged. */
export function classifyWebhook(body: Record<string, unknown>, route: 'workflow' | 'generic'): Classified {
  if (route === 'generic') return check('generic_event', genericEventSchema, body)
  if (!('type' in body)) return { ok: true, kind: 'trigger' }
  const type = body.type
  if (type === 'approval.requested') return check('approval_request', approvalRequestSchema, body)
  if (typeof type === 'string' && type.startsWith('execution.')) return check('execution_callback', executionCallbackSchema, body)
  return { ok: false, message: `Unknown type ${JSON.stringify(type)}; expected one of ${webhookTypes.join(', ')}, or no type for a trigger` }
}
