import type { RunningCore } from './core'
import type { FakeN8n } from './fake-n8n'

/** Workflows that dispatch to a fake n8n, triggered through the admin API, and what n8n received for each. */
export function workflowRuns(core: () => RunningCore, n8n: () => FakeN8n) {
  const admin = (method: string, path: string, body?: unknown) => core().admin(method, path, body)
  return {
    admin,
    /** A workflow whose webhook is the fake n8n's path `name`. */
    createWorkflow: async (name: string, extra: object = {}) =>
      (await admin('POST', '/api/v1/workflows', { workflow_name: name, webhook_url: n8n().webhookUrl(name), ...extra })).body as { id: number },
    /** A manual trigger; the id of the execution it created. */
    trigger: async (workflowId: number) => (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, { input_data: { n: 1 } })).body.id as number,
    /** The executions n8n received dispatches for at `path`, in order. */
    sentTo: (path: string) => n8n().received.filter((r) => r.path === path).map((r) => r.body.flowgate.execution_id as number),
  }
}
