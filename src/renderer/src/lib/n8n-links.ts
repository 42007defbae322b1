import { n8nBaseUrlOf, n8nExecutionUrl, n8nWorkflowUrl } from '../../../shared/n8n-urls'

/** n8n's address, from the N8N_API_URL setting as the console holds it; null while unset. */
const baseOf = (apiUrl: unknown): string | null => (typeof apiUrl === 'string' && apiUrl ? n8nBaseUrlOf(apiUrl) : null)

/** A link to one run in n8n's editor, when Flowgate knows n8n's address and both of n8n's ids. */
export function n8nExecutionLink(apiUrl: unknown, n8nWorkflowId: string | undefined, n8nExecutionId: string | null): string | null {
  const base = baseOf(apiUrl)
  return base && n8nWorkflowId && n8nExecutionId ? n8nExecutionUrl(base, n8nWorkflowId, n8nExecutionId) : null
}

/** A link to a workflow in n8n's editor, when Flowgate knows n8n's address and the workflow's n8n id. */
export function n8nWorkflowLink(apiUrl: unknown, n8nWorkflowId: string | null | undefined): string | null {
  const base = baseOf(apiUrl)
  return base && n8nWorkflowId ? n8nWorkflowUrl(base, n8nWorkflowId) : null
}
