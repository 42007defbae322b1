import { n8nBaseUrlOf, n8nExecutionUrl } from '../../../shared/n8n-urls'

/** A link to one run in n8n's editor, when Flowgate knows n8n's address and both of n8n's ids. */
export function n8nExecutionLink(apiUrl: unknown, n8nWorkflowId: string | undefined, n8nExecutionId: string | null): string | null {
  if (typeof apiUrl !== 'string' || !apiUrl || !n8nWorkflowId || !n8nExecutionId) return null
  return n8nExecutionUrl(n8nBaseUrlOf(apiUrl), n8nWorkflowId, n8nExecutionId)
}
