import { z } from 'zod'
import { methods, type ContractApi } from '../../shared/contract'
import { isMethodName } from '../../shared/channels'
import { FlowgateError, type CallEnvelope } from '../../shared/errors'
import type { Logger } from './logger'

function describeInputIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/**
 * The one way any door (IPC, HTTP) calls the core: the method must exist, the input must
 * match its schema, and every outcome comes back as an envelope, never a thrown error.
 */
export async function invokeMethod(
  api: ContractApi,
  method: unknown,
  rawInput: unknown,
  log: Logger,
): Promise<CallEnvelope<unknown>> {
  if (!isMethodName(method)) {
    return { error: { code: 'not_found', message: `Unknown method ${JSON.stringify(method)}` } }
  }
  const parsed = methods[method].input.safeParse(rawInput)
  if (!parsed.success) {
    return { error: { code: 'validation', message: `Invalid input for ${method}: ${describeInputIssues(parsed.error)}` } }
  }
  try {
    const call = api[method] as (input: unknown) => Promise<unknown>
    return { result: await call(parsed.data) }
  } catch (error) {
    if (error instanceof FlowgateError) return { error: { code: error.code, message: error.message } }
    log.error({ err: error, method }, 'contract call failed')
    return { error: { code: 'internal', message: `${method} failed unexpectedly; see the log for details` } }
  }
}
