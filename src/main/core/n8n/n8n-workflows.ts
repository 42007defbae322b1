import { FlowgateError } from '../../../shared/errors'
import type { N8nWorkflowListing } from '../../../shared/schemas/n8n'
import { N8nApiError, type N8nClient, type N8nWorkflowRecord } from './n8n-client'

const WEBHOOK_NODE = 'n8n-nodes-base.webhook'

/**
 * What Flowgate needs to know of one n8n workflow to start it: where its Webhook trigger
 * listens, and what would make a dispatch fail or go unchecked, said plainly.
 */
export function describeN8nWorkflow(record: N8nWorkflowRecord, baseUrl: string, linkedWorkflowId: number | null): N8nWorkflowListing {
  const triggers = (record.nodes ?? []).filter((node) => node.type === WEBHOOK_NODE && !node.disabled && node.parameters?.path)
  const trigger = triggers[0]
  const problems: string[] = []
  if (!trigger) {
    problems.push('No Webhook trigger: Flowgate starts n8n workflows through one (add a Webhook node, HTTP Method POST)')
  } else {
    // n8n leaves parameters at their defaults out of the JSON: GET and no authentication.
    const method = (trigger.parameters?.httpMethod ?? 'GET').toUpperCase()
    if (method !== 'POST') problems.push(`Its Webhook trigger listens for ${method}; Flowgate sends POST: set its HTTP Method to POST`)
    if ((trigger.parameters?.authentication ?? 'none') === 'none') {
      problems.push("Its Webhook trigger checks no credential: anyone with its URL can start it (Header Auth with Flowgate's webhook secret closes it)")
    }
    if (triggers.length > 1) problems.push(`It has ${triggers.length} Webhook triggers; Flowgate uses the first, "${trigger.name ?? 'Webhook'}"`)
  }
  if (!record.active) problems.push('Inactive in n8n: its production webhook answers only once the workflow is activated')
  return {
    id: record.id,
    name: record.name,
    active: record.active === true,
    webhook_url: trigger ? `${baseUrl}/webhook/${trigger.parameters!.path!.replace(/^\/+/, '')}` : null,
    problems,
    linked_workflow_id: linkedWorkflowId,
  }
}

/** Every workflow in n8n, described for linking, those not yet linked first, then by name. */
export async function listN8nWorkflows(client: N8nClient | null, linkedTo: (n8nWorkflowId: string) => number | null): Promise<N8nWorkflowListing[]> {
  if (!client) throw new FlowgateError('conflict', "Set the n8n API URL and key in Settings first: n8n's workflows are read through its API")
  let records: N8nWorkflowRecord[]
  try {
    records = await client.listWorkflows()
  } catch (error) {
    throw error instanceof N8nApiError ? new FlowgateError('unavailable', `n8n could not list its workflows: ${error.message}`) : error
  }
  return records
    .map((record) => describeN8nWorkflow(record, client.baseUrl, linkedTo(record.id)))
    .sort((a, b) => Number(a.linked_workflow_id !== null) - Number(b.linked_workflow_id !== null) || a.name.localeCompare(b.name))
}
