import type { N8nTestResult } from '../../../shared/schemas/n8n'
import { N8nApiError, N8nClient } from './n8n-client'

/** Settings' "test connection": tells unreachable, wrong URL, bad key and OK apart. */
export async function testN8nConnection(apiUrl: string | undefined, apiKey: string | undefined): Promise<N8nTestResult> {
  if (!apiUrl || !apiKey) {
    return { ok: false, problem: 'not_configured', message: 'Set N8N_API_URL and N8N_API_KEY first', workflow_count: null }
  }
  try {
    const workflowCount = await new N8nClient({ apiUrl: apiUrl.replace(/\/+$/, ''), apiKey }).listWorkflows().then((workflows) => workflows.length)
    return { ok: true, problem: null, message: `Connected: n8n has ${workflowCount} workflow(s)`, workflow_count: workflowCount }
  } catch (error) {
    // The workflow list exists on every n8n API base, so a 404 there means the URL is wrong.
    if (error instanceof N8nApiError && error.status === 404) {
      return { ok: false, problem: 'wrong_url', message: `${apiUrl} does not look like n8n's API (it usually ends in /api/v1)`, workflow_count: null }
    }
    if (error instanceof N8nApiError) return { ok: false, problem: error.problem, message: error.message, workflow_count: null }
    throw error
  }
}
