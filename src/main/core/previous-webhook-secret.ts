import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Clock } from './clock'
import type { FlowgateDb } from './db/open'
import { settings } from './db/schema'
import { openSecretIfReadable, sealSecret, type SecretCodec } from './secrets'
import type { SettingsService } from './settings'

/** A settings row of its own, never editable: the secret a rotation replaced, and until when it counts. */
const KEY = 'N8N_WEBHOOK_SECRET_PREVIOUS'

export const MAX_GRACE_HOURS = 168

interface Held {
  secret: string
  /** When it was replaced. */
  since: number
  until: number
}

/**
 * After a rotation of the global webhook secret, the old one is still accepted for a while
 * (both ways: n8n signing with it, n8n's hand-made credentials expecting it), so n8n can be
 * updated without a call being refused meanwhile. Sealed at rest like every secret.
 */
export class PreviousWebhookSecret {
  private held: Held | null

  constructor(
    private readonly db: FlowgateDb,
    private readonly codec: SecretCodec,
    private readonly clock: Clock,
    /** Told whenever what is accepted changes, so every console shows it. */
    private readonly onChange: () => void = () => undefined,
  ) {
    const row = db.select().from(settings).where(eq(settings.key, KEY)).get()
    const opened = row ? openSecretIfReadable(codec, String(row.value)) : undefined
    this.held = opened ? (JSON.parse(opened) as Held) : null
  }

  /** The replaced secret while it is still accepted; undefined once its time is up or none was kept. */
  secret(): string | undefined {
    return this.until() === null ? undefined : this.held!.secret
  }

  /** Until when the replaced secret is accepted; null when it no longer is. */
  until(): number | null {
    return this.window()?.until ?? null
  }

  /** Since when (its replacement) and until when the replaced secret is accepted; null when it no longer is. */
  window(): { since: number; until: number } | null {
    return this.held && this.clock.now() < this.held.until ? { since: this.held.since, until: this.held.until } : null
  }

  keep(secret: string, until: number): void {
    const now = this.clock.now()
    const held = { secret, since: now, until }
    const value = sealSecret(this.codec, JSON.stringify(held))
    this.db.insert(settings).values({ key: KEY, value, sealed: true, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run()
    this.held = held
    this.onChange()
  }

  /** From now on only the current secret is accepted. */
  end(): void {
    this.db.delete(settings).where(eq(settings.key, KEY)).run()
    this.held = null
    this.onChange()
  }
}

/**
 * A new global webhook secret, made here (never by a page), saved like any setting; the one it
 * replaces stays accepted for `graceHours` (0: refused at once). The new secret is returned once.
 */
export function rotateWebhookSecret(
  settingsService: SettingsService,
  previous: PreviousWebhookSecret,
  now: number,
  graceHours: number,
): { secret: string; previous_accepted_until: number | null } {
  const replaced = settingsService.current().N8N_WEBHOOK_SECRET
  const secret = randomBytes(32).toString('hex')
  settingsService.update({ values: { N8N_WEBHOOK_SECRET: secret } })
  if (replaced && graceHours > 0) previous.keep(replaced, now + graceHours * 3_600_000)
  else previous.end()
  return { secret, previous_accepted_until: previous.until() }
}
