import type Database from 'better-sqlite3'
import type { WebhookTarget } from './intake/webhook-routes'
import { openSecretIfReadable, type SecretCodec } from './secrets'

/**
 * Finds the (not deleted) workflow a webhook names, by Flowgate id first, then by n8n's
 * workflow id. Sealed secrets are opened once and remembered until they change. A workflow
 * secret that cannot be opened here (sealed by another machine's keychain) counts as unset, so
 * the global secret applies, as for a saved setting; `onUnreadable` hears of it once.
 */
export function workflowLookup(
  sqlite: Database.Database,
  codec: SecretCodec,
  onUnreadable: (workflowId: number, reason: string) => void,
): (idOrN8nId: string) => WebhookTarget | null {
  const columns = 'select id, webhook_secret as sealed from n8n_workflows where deleted_at is null and'
  const byId = sqlite.prepare(`${columns} id = ?`)
  const byN8nId = sqlite.prepare(`${columns} n8n_workflow_id = ? order by id limit 1`)
  const opened = new Map<string, string | null>()
  const open = (id: number, sealed: string): string | null => {
    let secret = opened.get(sealed)
    if (secret === undefined) {
      secret = openSecretIfReadable(codec, sealed, (reason) => onUnreadable(id, reason)) ?? null
      opened.set(sealed, secret)
    }
    return secret
  }
  return (idOrN8nId) => {
    type Found = { id: number; sealed: string | null }
    const numeric = /^\d{1,15}$/.test(idOrN8nId) ? (byId.get(Number(idOrN8nId)) as Found | undefined) : undefined
    const row = numeric ?? (byN8nId.get(idOrN8nId) as Found | undefined)
    if (!row) return null
    return { id: row.id, webhookSecret: row.sealed === null ? null : open(row.id, row.sealed) }
  }
}
