import type { Logger } from '../logger'
import { flowgateStatusOf, type N8nClient, type N8nExecution } from './n8n-client'

/** Why n8n says a run failed, in one line: the node it stopped at and the error there. */
export function n8nFailureOf(execution: N8nExecution): string | null {
  const result = execution.data?.resultData
  const message = result?.error?.message?.trim()
  if (!message) return null
  const said = result?.error?.description ? `${message} (${result.error.description})` : message
  return (result?.lastNodeExecuted ? `"${result.lastNodeExecuted}" failed: ${said}` : said).slice(0, 500)
}

/**
 * How n8n says one of its runs ended: Flowgate's status for it (null while n8n still works on
 * it) and, for a failure, why — the node it stopped at and its error, read from the run's data
 * (asked for only then: it holds every node's output). Without that, the bare status says it.
 */
export async function n8nOutcome(client: N8nClient, n8nExecutionId: string, log: Logger): Promise<{ status: ReturnType<typeof flowgateStatusOf>; error: string | null }> {
  const remote = await client.getExecution(n8nExecutionId)
  const status = flowgateStatusOf(remote.status)
  if (status !== 'failed') return { status, error: null }
  const bare = `n8n reports the execution ${remote.status}`
  try {
    const why = n8nFailureOf(await client.getExecution(n8nExecutionId, { includeData: true }))
    return { status, error: why ? `${bare}: ${why}` : bare }
  } catch (error) {
    log.warn({ n8nExecutionId, err: error }, "could not read why n8n's run failed")
    return { status, error: bare }
  }
}
