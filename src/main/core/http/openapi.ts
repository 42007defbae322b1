import { z } from 'zod'
import { methods, type MethodName } from '../../../shared/contract'
import { restRoutes, type RestRoute } from './rest-routes'

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[]; anyOf?: JsonSchema[] }

/** A contract schema as JSON Schema: inputs as a caller writes them, outputs as they are sent. */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema
  return rest
}

/** The object a method's input is (an optional one included), or null when it takes none. */
function inputObject(call: MethodName): JsonSchema | null {
  const schema = jsonSchema(methods[call].input, 'input')
  const object = schema.type === 'object' ? schema : schema.anyOf?.find((branch) => branch.type === 'object')
  return object && Object.keys(object.properties ?? {}).length > 0 ? object : null
}

const errorResponse = {
  description: 'What is wrong: `{error, message}` (400 bad input, 401 no valid token, 404 not found, 409 not now, 503 not configured)',
  content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } }, required: ['error', 'message'] } } },
}

function restOperation(route: RestRoute) {
  const pathNames = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!)
  const input = inputObject(route.call)
  const fields = Object.entries(input?.properties ?? {}).filter(([name]) => !pathNames.includes(name))
  const queryNames = route.queryNames ?? {}
  const parameters = [
    ...pathNames.map((name) => ({ name, in: 'path', required: true, schema: input?.properties?.[name] ?? { type: 'string' } })),
    ...(route.method === 'GET'
      ? fields.map(([name, schema]) => ({ name: queryNames[name] ?? name, in: 'query', required: input?.required?.includes(name) ?? false, schema }))
      : []),
  ]
  const body = route.method !== 'GET' && fields.length > 0 ? { ...input, properties: Object.fromEntries(fields), required: input?.required?.filter((name) => !pathNames.includes(name)) } : null
  return {
    operationId: route.call,
    tags: [route.call.split('.')[0]],
    ...(parameters.length > 0 && { parameters }),
    ...(body && { requestBody: { required: (body.required?.length ?? 0) > 0, content: { 'application/json': { schema: body } } } }),
    responses: {
      200: route.download
        ? { description: 'The rows as a CSV file', content: { 'text/csv': { schema: { type: 'string' } } } }
        : { description: 'The answer', content: { 'application/json': { schema: jsonSchema(methods[route.call].output, 'output') } } },
      default: errorResponse,
    },
  }
}

/** Every method is also `POST /api/v1/rpc/<method>`, answering `{result}` or `{error: {code, message}}`. */
function rpcOperation(call: MethodName) {
  const input = jsonSchema(methods[call].input, 'input')
  return {
    operationId: `rpc.${call}`,
    tags: ['rpc'],
    requestBody: { required: false, content: { 'application/json': { schema: input } } },
    responses: {
      200: { description: 'The answer', content: { 'application/json': { schema: { type: 'object', properties: { result: jsonSchema(methods[call].output, 'output') }, required: ['result'] } } } },
      default: {
        description: 'What is wrong',
        content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } } } } },
      },
    },
  }
}

/**
 * The admin listener's API as an OpenAPI 3.1 document, made from the contract's own schemas and
 * the REST route table, so it cannot drift from what the listener accepts and answers.
 */
export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of restRoutes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}')
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: restOperation(route) }
  }
  for (const call of Object.keys(methods) as MethodName[]) paths[`/api/v1/rpc/${call}`] = { post: rpcOperation(call) }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flowgate admin API',
      version,
      description: 'The management side of Flowgate, on 127.0.0.1 only. Every call needs the admin token: `Authorization: Bearer <token>`.',
    },
    servers: [{ url: '/' }],
    security: [{ adminToken: [] }],
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    paths,
  }
}
