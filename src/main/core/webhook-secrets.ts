import type Database from 'better-sqlite3'
import type { Clock } from './clock'
import type { FlowgateDb } from './db/open'
import { PreviousWebhookSecret } from './previous-webhook-secret'
import type { SecretCodec } from './secrets'
import { workflowLookup } from './workflow-lookup'

export interface WebhookSecretsDeps {
  sqlite: Database.Database
  db: FlowgateDb
  codec: SecretCodec
  clock: Clock
  global: () => string | undefined
  /** A workflow's sealed secret that cannot be opened here: the global one applies meanwhile. */
  onUnreadable: (workflowId: number, reason: string) => void
  /** What is accepted besides the current secret changed (a rotation, the old one's end). */
  onPreviousChange: () => void
}

/**
 * The webhook secrets in force, in both directions: a workflow's own overrides the global one,
 * and the global one a rotation replaced is still accepted a while by workflows without their own.
 */
export function webhookSecrets(deps: WebhookSecretsDeps) {
  const findWorkflow = workflowLookup(deps.sqlite, deps.codec, deps.onUnreadable)
  const previous = new PreviousWebhookSecret(deps.db, deps.codec, deps.clock, deps.onPreviousChange)
  const ownSecret = (workflowId: number | null) => (workflowId === null ? null : findWorkflow(String(workflowId))?.webhookSecret)
  return {
    findWorkflow,
    previous,
    /** The secret a workflow's webhooks are signed with. */
    of: (workflowId: number | null) => ownSecret(workflowId) ?? deps.global(),
    /** The replaced global secret, while accepted, for a workflow without a secret of its own. */
    previousOf: (workflowId: number | null) => (ownSecret(workflowId) ? undefined : previous.secret()),
  }
}
