/** n8n's own pages and production webhooks live beside its API: the API URL without `/api/v1`. */
export const n8nBaseUrlOf = (apiUrl: string): string => apiUrl.replace(/\/api\/v\d+\/?$/, '')

/** Where n8n's editor shows a workflow. */
export const n8nWorkflowUrl = (base: string, workflowId: string): string => `${base}/workflow/${encodeURIComponent(workflowId)}`

/** Where n8n's editor shows one execution of a workflow. */
export const n8nExecutionUrl = (base: string, workflowId: string, executionId: string): string =>
  `${n8nWorkflowUrl(base, workflowId)}/executions/${encodeURIComponent(executionId)}`
