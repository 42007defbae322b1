import type Database from 'better-sqlite3'
import type { WebhookTarget } from './intake/webhook-routes'

/** Finds the workflow a webhook names, by Flowgate id first, then by n8n's workflow id. */
export function workflowLookup(sqlite: Database.Database): (idOrN8nId: string) => WebhookTarget | null {
  const byId = sqlite.prepare('select id, webhook_secret as webhookSecret from n8n_workflows where id = ?')
  const byN8nId = sqlite.prepare('select id, webhook_secret as webhookSecret from n8n_workflows where n8n_workflow_id = ? order by id limit 1')
  return (idOrN8nId) => {
    const numeric = /^\d{1,15}$/.test(idOrN8nId) ? (byId.get(Number(idOrN8nId)) as WebhookTarget | undefined) : undefined
    return numeric ?? (byN8nId.get(idOrN8nId) as WebhookTarget | undefined) ?? null
  }
}
