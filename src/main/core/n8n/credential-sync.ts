import type Database from 'better-sqlite3'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { Logger } from '../logger'
import type { Monitor } from '../monitor'
import type { ScheduledTask } from '../scheduler'
import { openSecretIfReadable, sealSecret, type SecretCodec } from '../secrets'
import { N8nApiError, n8nClientFrom } from './n8n-client'

export const SIGNATURE_HEADER = 'X-N8N-Signature'

/** What a Flowgate Header Auth credential holds in n8n: the header, and the secret as its value. */
export const headerAuthData = (secret: string): Record<string, string> => ({ name: SIGNATURE_HEADER, value: secret })

/** After a failed update: try again in a minute, then twice as long each time, at most hourly. */
const RETRY_FIRST_MS = 60_000
const RETRY_MAX_MS = 3_600_000

export interface CredentialSyncDeps {
  sqlite: Database.Database
  codec: SecretCodec
  config: () => Config
  /** The secret a workflow's webhooks use now: its own, else the global one. */
  webhookSecretOf: (workflowId: number) => string | undefined
  monitor: Monitor
  log: Logger
  clock: Clock
  /** Tells the scheduler a retry is now due at a new time. */
  wake: () => void
}

interface Held {
  id: number
  credentialId: string
  sealed: string | null
}

/**
 * Keeps the credentials Flowgate created in n8n holding their workflow's current secret, so a
 * rotation (global, or a workflow's own) does not leave n8n knocking with the old one. Runs after
 * every change that could matter, at start, and again with backoff while an update fails; with
 * nothing to change it makes no call at all.
 */
export class CredentialSync implements ScheduledTask {
  readonly name = 'n8n-credentials'
  private running: Promise<void> | null = null
  private again = false
  private retryAt: number | null = null
  private retryDelayMs = RETRY_FIRST_MS

  private readonly s

  constructor(private readonly deps: CredentialSyncDeps) {
    this.s = {
      held: deps.sqlite.prepare(
        'select id, n8n_credential_id as credentialId, n8n_credential_secret as sealed from n8n_workflows where n8n_credential_id is not null and deleted_at is null',
      ),
      hold: deps.sqlite.prepare('update n8n_workflows set n8n_credential_id = ?, n8n_credential_secret = ? where id = ?'),
    }
  }

  /** Remembers the credential an install created for a workflow, and the secret it holds. */
  remember(workflowId: number, credentialId: string, secret: string): void {
    this.s.hold.run(credentialId, sealSecret(this.deps.codec, secret), workflowId)
  }

  private forget(workflowId: number): void {
    this.s.hold.run(null, null, workflowId)
  }

  /** Resolves when no pass is running (before the core closes the database). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** Due only while a credential is left stale by a failed update. */
  nextDueAt(): number | null {
    return this.retryAt
  }

  run(): Promise<void> {
    return this.sync()
  }

  /** One pass at a time; a request during a pass makes one more after it. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.pass().finally(() => {
      this.running = null
      if (this.again) {
        this.again = false
        void this.sync()
      }
    })
    return this.running
  }

  private async pass(): Promise<void> {
    const failed = await this.updateStale()
    if (failed === 0) {
      this.retryAt = null
      this.retryDelayMs = RETRY_FIRST_MS
      return
    }
    this.retryAt = this.deps.clock.now() + this.retryDelayMs
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RETRY_MAX_MS)
    this.deps.wake()
  }

  /** Updates every stale credential it can; how many it could not. */
  private async updateStale(): Promise<number> {
    let failed = 0
    const client = n8nClientFrom(this.deps.config())
    for (const { held, secret } of this.staleCredentials()) {
      const context = { workflowId: held.id, executionId: null }
      if (!client) {
        failed += 1
        this.deps.monitor.record({ ...context, eventType: 'n8n_credential_stale', severity: 'warning', data: { credential_id: held.credentialId, error: 'the n8n API is not configured' } })
        continue
      }
      try {
        await client.updateCredential(held.credentialId, { data: headerAuthData(secret) })
        this.remember(held.id, held.credentialId, secret)
        this.deps.monitor.record({ ...context, eventType: 'n8n_credential_updated', severity: 'info', data: { credential_id: held.credentialId } })
      } catch (error) {
        if (error instanceof N8nApiError && error.status === 404) {
          // Deleted in n8n: nothing left to keep current, and retrying cannot help.
          this.forget(held.id)
          this.deps.monitor.record({ ...context, eventType: 'n8n_credential_gone', severity: 'warning', data: { credential_id: held.credentialId, error: 'n8n no longer has this credential; install the template again, or give the workflow a Header Auth credential in n8n' } })
          continue
        }
        this.deps.log.warn({ workflowId: held.id, credentialId: held.credentialId, err: error }, 'could not update the n8n credential')
        failed += 1
        this.deps.monitor.record({ ...context, eventType: 'n8n_credential_stale', severity: 'warning', data: { credential_id: held.credentialId, error: (error as Error).message } })
      }
    }
    return failed
  }

  /** Credentials whose secret differs from their workflow's current one. */
  private staleCredentials(): { held: Held; secret: string }[] {
    const rows = this.s.held.all() as Held[]
    return rows.flatMap((held) => {
      const secret = this.deps.webhookSecretOf(held.id)
      // What this machine cannot read it cannot vouch for: the credential is written again.
      const holds = held.sealed === null ? null : openSecretIfReadable(this.deps.codec, held.sealed)
      return secret && secret !== holds ? [{ held, secret }] : []
    })
  }
}
