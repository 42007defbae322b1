import { randomBytes } from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import {
  editableSettingKeys,
  secretSettingKeys,
  type EditableSettingKey,
  type SettingEntry,
  type SettingsUpdate,
  type SettingsView,
  type SettingValue,
} from '../../shared/schemas/settings'
import { FlowgateError } from '../../shared/errors'
import type { Clock } from './clock'
import { ConfigError, configKeys, parseConfig, type Config, type ConfigKey } from './config'
import type { FlowgateDb } from './db/open'
import { settings } from './db/schema'
import type { PushBus } from './push'
import type { Logger } from './logger'
import { openSecretIfReadable, sealSecret, type SecretCodec } from './secrets'

const ADMIN_TOKEN_KEY = 'FLOWGATE_ADMIN_TOKEN'

/** The settings view as this service knows it; the running core adds how to reach it and the secret's grace. */
export type StoredSettingsView = Omit<SettingsView, 'adminAccess' | 'webhookBaseUrl' | 'previousWebhookSecretUntil'>
const isSecret = (key: string) => (secretSettingKeys as readonly string[]).includes(key) || key === ADMIN_TOKEN_KEY
const isEditable = (key: string): key is EditableSettingKey => (editableSettingKeys as readonly string[]).includes(key)

/**
 * Effective configuration. Precedence, highest first: the process environment (and the
 * `.env` file it was merged with), settings saved from the console, built-in defaults.
 */
export class SettingsService {
  private saved: Record<string, SettingValue> = {}
  private config: Config

  constructor(
    private readonly db: FlowgateDb,
    private readonly env: Record<string, string>,
    private readonly codec: SecretCodec,
    private readonly clock: Clock,
    private readonly push: PushBus,
    private readonly log: Logger,
  ) {
    this.saved = this.readSaved()
    this.config = this.compose(this.saved)
  }

  current(): Config {
    return this.config
  }

  view(): StoredSettingsView {
    const entries: SettingEntry[] = configKeys.map((key) => {
      const value = this.config[key]
      const secret = isSecret(key)
      return {
        key,
        value: secret || value === undefined ? null : Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : value,
        secret,
        isSet: value !== undefined,
        source: key in this.env ? 'env' : key in this.saved ? 'saved' : 'default',
        editable: isEditable(key) && !(key in this.env),
      }
    })
    return { entries, secretStorage: this.codec.storage }
  }

  update(change: SettingsUpdate): StoredSettingsView {
    const keys = Object.keys(change.values) as EditableSettingKey[]
    const lockedByEnv = keys.filter((key) => key in this.env)
    if (lockedByEnv.length > 0) {
      throw new FlowgateError(
        'conflict',
        `${lockedByEnv.join(', ')} ${lockedByEnv.length > 1 ? 'are' : 'is'} set by the environment; change or unset it there`,
      )
    }
    const next = { ...this.saved }
    for (const key of keys) {
      const value = change.values[key]
      if (value === null || value === '') delete next[key]
      else if (value !== undefined) next[key] = value
    }
    const config = this.composeOrReject(next)
    this.write(keys, next)
    this.saved = next
    this.config = config
    this.push.emit('settings.changed', { keys })
    return this.view()
  }

  /** The admin listener's bearer token: the environment's, else the saved one, else a new one. */
  adminToken(): { token: string; generated: boolean } {
    if (this.config.FLOWGATE_ADMIN_TOKEN) return { token: this.config.FLOWGATE_ADMIN_TOKEN, generated: false }
    const row = this.db.select().from(settings).where(eq(settings.key, ADMIN_TOKEN_KEY)).get()
    const saved = row ? this.tryOpen(row.key, String(row.value)) : undefined
    if (saved) return { token: saved, generated: false }
    return { token: this.saveNewAdminToken(), generated: true }
  }

  /** A new admin token in place of the saved one: whoever holds the old one is signed out. */
  rotateAdminToken(): string {
    if (this.config.FLOWGATE_ADMIN_TOKEN) {
      throw new FlowgateError('conflict', 'FLOWGATE_ADMIN_TOKEN is set by the environment; change or unset it there')
    }
    return this.saveNewAdminToken()
  }

  private saveNewAdminToken(): string {
    const token = randomBytes(32).toString('base64url')
    const value = sealSecret(this.codec, token)
    this.db
      .insert(settings)
      .values({ key: ADMIN_TOKEN_KEY, value, sealed: true, updatedAt: this.clock.now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: this.clock.now() } })
      .run()
    return token
  }

  private readSaved(): Record<string, SettingValue> {
    const rows = this.db.select().from(settings).all()
    const saved: Record<string, SettingValue> = {}
    for (const row of rows) {
      if (!isEditable(row.key)) continue
      const value = row.sealed ? this.tryOpen(row.key, String(row.value)) : (row.value as SettingValue)
      if (value !== undefined) saved[row.key] = value
    }
    return saved
  }

  /** A secret sealed by another codec (the desktop's keychain, read by serve) counts as unset. */
  private tryOpen(key: string, stored: string): string | undefined {
    return openSecretIfReadable(this.codec, stored, (reason) => this.log.warn({ key, reason }, 'saved secret cannot be read here; treating it as unset'))
  }

  private compose(saved: Record<string, SettingValue>): Config {
    return parseConfig({ ...saved, ...this.env })
  }

  private composeOrReject(saved: Record<string, SettingValue>): Config {
    try {
      return this.compose(saved)
    } catch (error) {
      if (error instanceof ConfigError) throw new FlowgateError('validation', error.message)
      throw error
    }
  }

  private write(keys: readonly ConfigKey[], next: Record<string, SettingValue>): void {
    const now = this.clock.now()
    this.db.transaction((tx) => {
      tx.delete(settings).where(inArray(settings.key, [...keys])).run()
      for (const key of keys) {
        const value = next[key]
        if (value === undefined || value === null) continue
        const sealed = isSecret(key)
        tx.insert(settings)
          .values({ key, value: sealed ? sealSecret(this.codec, String(value)) : value, sealed, updatedAt: now })
          .run()
      }
    })
  }
}
