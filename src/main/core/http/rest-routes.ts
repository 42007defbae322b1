import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ContractApi, MethodName } from '../../../shared/contract'
import { httpStatusOf } from '../../../shared/errors'
import type { CsvExport } from '../../../shared/schemas/exports'
import type { Logger } from '../logger'
import { invokeMethod } from '../rpc'

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: unknown }>

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  call: MethodName
  /** Builds the contract input from the request; the contract's schema then validates it. */
  input: (request: Req) => unknown
  /** Answers with the result's CSV as a file download instead of JSON. */
  download?: true
  /** Input fields the query string names otherwise (input name → query name). */
  queryNames?: Record<string, string>
}

/** The seed's queue list takes `workflow_id` where the contract says `workflowId`. */
const queueQueryNames = { workflowId: 'workflow_id' }

/** Fields as a request names them, under their input names. */
const renamed = (names: Record<string, string>, fields: Record<string, unknown>) => {
  const inputName = Object.fromEntries(Object.entries(names).map(([input, inRequest]) => [inRequest, input]))
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [inputName[key] ?? key, value]))
}

/** The body's fields with the record's id from the path (and any `fixed` fields); a missing body is no fields. */
const bodyWithId =
  (fixed: Record<string, unknown> = {}) =>
  ({ params, body }: Req) => ({ ...((body ?? {}) as object), id: params.id, ...fixed })

/** The seed's REST routes, each a thin alias of one contract method. */
export const restRoutes: RestRoute[] = [
  { method: 'GET', url: '/api/v1/webhooks/queue/status', call: 'queue.status', input: () => undefined },
  { method: 'GET', url: '/api/v1/webhooks/queue', call: 'queue.list', input: ({ query }) => renamed(queueQueryNames, query), queryNames: queueQueryNames },
  { method: 'GET', url: '/api/v1/webhooks/queue/export.csv', call: 'queue.export', input: ({ query }) => renamed(queueQueryNames, query), queryNames: queueQueryNames, download: true },
  { method: 'GET', url: '/api/v1/webhooks/queue/:id', call: 'queue.get', input: ({ params }) => ({ id: params.id }) },
  { method: 'POST', url: '/api/v1/webhooks/queue/:id/replay', call: 'queue.replay', input: bodyWithId() },
  {
    method: 'POST',
    url: '/api/v1/webhooks/queue/replay',
    call: 'queue.replayMany',
    input: ({ body }) => {
      const b = (body ?? {}) as { ids?: unknown; filter?: Record<string, string> }
      if (b.ids !== undefined) return { ids: b.ids }
      return b.filter !== undefined ? { filter: renamed(queueQueryNames, b.filter) } : {}
    },
  },
  { method: 'DELETE', url: '/api/v1/webhooks/queue/:id', call: 'queue.delete', input: ({ params }) => ({ id: params.id }) },
  { method: 'POST', url: '/api/v1/webhooks/queue/delete', call: 'queue.deleteMany', input: ({ body }) => body },
  { method: 'GET', url: '/api/v1/workflows', call: 'workflows.list', input: ({ query }) => query },
  { method: 'POST', url: '/api/v1/workflows', call: 'workflows.create', input: ({ body }) => body },
  { method: 'GET', url: '/api/v1/workflows/:id', call: 'workflows.get', input: ({ params }) => ({ id: params.id }) },
  { method: 'PUT', url: '/api/v1/workflows/:id', call: 'workflows.update', input: ({ params, body }) => ({ id: params.id, changes: body }) },
  { method: 'DELETE', url: '/api/v1/workflows/:id', call: 'workflows.delete', input: ({ params }) => ({ id: params.id }) },
  { method: 'GET', url: '/api/v1/workflows/:id/stats', call: 'workflows.stats', input: ({ params }) => ({ id: params.id }) },
  {
    method: 'POST',
    url: '/api/v1/workflows/:id/trigger',
    call: 'workflows.trigger',
    input: bodyWithId(),
  },
  {
    method: 'GET',
    url: '/api/v1/workflows/:id/executions',
    call: 'executions.list',
    input: ({ params, query }) => ({ ...query, workflow_id: params.id }),
  },
  { method: 'GET', url: '/api/v1/executions', call: 'executions.list', input: ({ query }) => query },
  { method: 'GET', url: '/api/v1/executions/:id', call: 'executions.get', input: ({ params }) => ({ id: params.id }) },
  { method: 'POST', url: '/api/v1/executions/:id/cancel', call: 'executions.cancel', input: ({ params }) => ({ id: params.id }) },
  { method: 'POST', url: '/api/v1/executions/:id/retry', call: 'executions.retry', input: bodyWithId() },
  { method: 'POST', url: '/api/v1/executions/:id/send-now', call: 'executions.sendNow', input: ({ params }) => ({ id: params.id }) },
  { method: 'POST', url: '/api/v1/executions/:id/reschedule', call: 'executions.reschedule', input: bodyWithId() },
  { method: 'GET', url: '/api/v1/executions/export.csv', call: 'executions.export', input: ({ query }) => query, download: true },
  { method: 'POST', url: '/api/v1/executions/bulk-retry', call: 'executions.retryMany', input: ({ body }) => body },
  { method: 'POST', url: '/api/v1/executions/bulk-cancel', call: 'executions.cancelMany', input: ({ body }) => body },
  { method: 'POST', url: '/api/v1/executions/bulk-send-now', call: 'executions.sendNowMany', input: ({ body }) => body },
  { method: 'POST', url: '/api/v1/executions/:id/dismiss', call: 'executions.dismiss', input: bodyWithId() },
  { method: 'DELETE', url: '/api/v1/executions/:id/dismiss', call: 'executions.dismiss', input: bodyWithId({ dismissed: false }) },
  { method: 'POST', url: '/api/v1/executions/bulk-dismiss', call: 'executions.dismissMany', input: ({ body }) => body },
  { method: 'POST', url: '/api/v1/n8n/test-connection', call: 'n8n.testConnection', input: ({ body }) => body ?? undefined },
  { method: 'GET', url: '/api/v1/approvals', call: 'approvals.list', input: ({ query }) => query },
  { method: 'GET', url: '/api/v1/monitoring/events/export.csv', call: 'monitoring.export', input: ({ query }) => query, download: true },
  { method: 'GET', url: '/api/v1/approvals/export.csv', call: 'approvals.export', input: ({ query }) => query, download: true },
  { method: 'GET', url: '/api/v1/approvals/stats', call: 'approvals.stats', input: () => undefined },
  { method: 'POST', url: '/api/v1/approvals/try-rules', call: 'approvals.tryRules', input: ({ body }) => body },
  { method: 'GET', url: '/api/v1/approvals/:id', call: 'approvals.get', input: ({ params }) => ({ id: params.id }) },
  {
    method: 'POST',
    url: '/api/v1/approvals/:id/approve',
    call: 'approvals.decide',
    input: bodyWithId({ decision: 'approved' }),
  },
  {
    method: 'POST',
    url: '/api/v1/approvals/:id/reject',
    call: 'approvals.decide',
    input: bodyWithId({ decision: 'rejected' }),
  },
  { method: 'POST', url: '/api/v1/approvals/bulk-action', call: 'approvals.bulk', input: ({ body }) => body },
  { method: 'POST', url: '/api/v1/approvals/:id/resend', call: 'approvals.resend', input: ({ params }) => ({ id: params.id }) },
  { method: 'GET', url: '/api/v1/approvals/:id/precedents', call: 'approvals.precedents', input: ({ params }) => ({ id: params.id }) },
  { method: 'POST', url: '/api/v1/approvals/:id/extend', call: 'approvals.extend', input: bodyWithId() },
  { method: 'POST', url: '/api/v1/approvals/undo', call: 'approvals.undo', input: ({ body }) => body },
  { method: 'GET', url: '/api/v1/monitoring/events', call: 'monitoring.events', input: ({ query }) => query },
  { method: 'GET', url: '/api/v1/monitoring/errors', call: 'monitoring.errors', input: ({ query }) => query },
  { method: 'GET', url: '/api/v1/monitoring/dashboard', call: 'monitoring.dashboard', input: ({ query }) => query },
  { method: 'POST', url: '/api/v1/system/backup', call: 'system.backup', input: ({ body }) => body ?? undefined },
  { method: 'GET', url: '/api/v1/system/backups', call: 'system.backups', input: () => undefined },
  { method: 'GET', url: '/api/v1/system/storage', call: 'system.storage', input: () => undefined },
  { method: 'POST', url: '/api/v1/system/test-tunnel', call: 'system.testTunnel', input: ({ body }) => body ?? undefined },
  { method: 'POST', url: '/api/v1/system/test-alert', call: 'system.testAlert', input: ({ body }) => body ?? undefined },
  { method: 'GET', url: '/api/v1/system/tunnels', call: 'system.detectTunnels', input: () => undefined },
  { method: 'GET', url: '/api/v1/n8n/templates/:name', call: 'n8n.template', input: ({ params, query }) => ({ ...query, name: params.name }) },
  { method: 'GET', url: '/api/v1/workflows/:id/n8n-nodes/:kind', call: 'n8n.nodes', input: ({ params }) => ({ id: params.id, kind: params.kind }) },
  { method: 'GET', url: '/api/v1/n8n/workflows', call: 'n8n.workflows', input: () => undefined },
  { method: 'POST', url: '/api/v1/n8n/templates/:name/install', call: 'n8n.installTemplate', input: ({ params, body }) => ({ ...((body ?? {}) as object), name: params.name }) },
]

/** A bad id or field is a 400 naming it, as on every door. */
export function registerRestRoutes(app: FastifyInstance, api: ContractApi, log: Logger): void {
  for (const route of restRoutes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const envelope = await invokeMethod(api, route.call, route.input(request as Req), log)
        if ('error' in envelope) {
          return reply.code(httpStatusOf[envelope.error.code]).send({ error: envelope.error.code, message: envelope.error.message })
        }
        if (!route.download) return envelope.result
        const { filename, csv } = envelope.result as CsvExport
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv)
      },
    })
  }
}
