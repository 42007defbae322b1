import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { methods } from '../../src/shared/contract'
import { restRoutes } from '../../src/main/core/http/rest-routes'
import { corePerTest, TEST_ADMIN_TOKEN, type RunningCore } from '../helpers/core'

type Operation = { operationId: string; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> }

describe('the admin API described as OpenAPI', () => {
  let c: RunningCore
  corePerTest({}, (core) => (c = core))

  it('is a valid OpenAPI 3.1 document with every REST route and every contract method, behind the admin token', async () => {
    expect((await fetch(`${c.adminUrl}/api/v1/openapi.json`)).status).toBe(401)
    const response = await fetch(`${c.adminUrl}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    expect(response.status).toBe(200)
    const document = (await response.json()) as Document
    const validation = await new Validator().validate(document as unknown as Record<string, unknown>)
    expect(validation.errors ?? []).toEqual([])
    expect(validation.valid).toBe(true)

    for (const route of restRoutes) {
      const operation = document.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()]
      expect(operation?.operationId, `${route.method} ${route.url}`).toBe(route.call)
    }
    for (const method of Object.keys(methods)) expect(document.paths[`/api/v1/rpc/${method}`]?.post?.operationId).toBe(`rpc.${method}`)
  })

  it('says what each route takes, from the same schemas that check it', async () => {
    const document = (await c.admin('GET', '/api/v1/openapi.json')).body as unknown as Document
    // A path parameter, and the rest of the input in the body.
    const reschedule = document.paths['/api/v1/executions/{id}/reschedule']!.post!
    expect(reschedule.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })])
    expect(Object.keys(reschedule.requestBody!.content['application/json']!.schema.properties!)).toEqual(['send_at'])
    // A list's filters as query parameters, under the names the query string uses.
    const queue = document.paths['/api/v1/webhooks/queue']!.get!
    expect(queue.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'workflow_id', 'search', 'page', 'page_size']))
    expect(queue.parameters!.map((p) => p.name)).not.toContain('workflowId')
    const workflowFilter = await c.admin('GET', '/api/v1/webhooks/queue?workflow_id=999')
    expect(workflowFilter.status).toBe(200)
    expect(workflowFilter.body.total).toBe(0)
    // A body-only call.
    const tryRules = document.paths['/api/v1/approvals/try-rules']!.post!
    expect(Object.keys(tryRules.requestBody!.content['application/json']!.schema.properties!)).toEqual(expect.arrayContaining(['rules', 'blocked_words', 'confidence_threshold', 'limit']))
  })
})
