import { z } from 'zod'

/** Settings the operator may change from the console; the rest need a restart with new env. */
export const editableSettingKeys = [
  'N8N_API_URL',
  'N8N_API_KEY',
  'N8N_WEBHOOK_SECRET',
  'N8N_CALLS_PAUSED',
  'FLOWGATE_PUBLIC_URL',
  'FLOWGATE_TUNNEL_AGENTS',
  'WORKFLOW_MAX_RETRIES',
  'WORKFLOW_RETRY_DELAY_SECONDS',
  'WORKFLOW_EXECUTION_TIMEOUT_SECONDS',
  'WORKFLOW_APPROVAL_TIMEOUT_HOURS',
  'APPROVAL_UNDO_SECONDS',
  'AUTO_APPROVAL_ENABLED',
  'AUTO_APPROVAL_CONFIDENCE_THRESHOLD',
  'AUTO_APPROVAL_MAX_DAILY_LIMIT',
  'AUTO_APPROVAL_DAILY_BUDGET',
  'AUTO_APPROVAL_SHADOW_MODE',
  'AUTO_APPROVAL_RULES',
  'AUTO_APPROVAL_BLOCKED_WORDS',
  'AUTO_APPROVAL_BLOCKED_DOMAINS',
  'EMAIL_SEND_MAX_PER_LEAD_PER_WEEK',
  'EMAIL_SEND_MIN_HOURS_APART',
  'MONITORING_RETENTION_DAYS',
  'WEBHOOK_RETENTION_DAYS',
  'CALL_RETENTION_DAYS',
  'EXECUTION_RETENTION_DAYS',
  'FLOWGATE_BACKUP_INTERVAL_HOURS',
  'FLOWGATE_BACKUP_KEEP',
  'FLOWGATE_BACKUP_DIR',
  'FLOWGATE_ALERT_URL',
  'FLOWGATE_ALERT_FORMAT',
  'FLOWGATE_ALERT_DAILY_SUMMARY_HOUR',
  'FLOWGATE_ALERT_QUIET_HOURS',
  'FLOWGATE_ALERT_APPROVALS',
  'OPENROUTER_API_KEY',
  'OPENROUTER_BASE_URL',
  'OPENROUTER_MODEL',
  'FLOWGATE_LOG_LEVEL',
  'DEBUG',
] as const
export type EditableSettingKey = (typeof editableSettingKeys)[number]

export const secretSettingKeys = ['N8N_API_KEY', 'N8N_WEBHOOK_SECRET', 'OPENROUTER_API_KEY', 'FLOWGATE_ALERT_URL'] as const
export type SecretSettingKey = (typeof secretSettingKeys)[number]

export const settingSources = ['env', 'saved', 'default'] as const
export type SettingSource = (typeof settingSources)[number]

export const settingValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])
export type SettingValue = z.infer<typeof settingValueSchema>

export const settingEntrySchema = z.object({
  key: z.string(),
  /** Secrets are never sent: `value` is null and `isSet` tells whether one exists. */
  value: settingValueSchema,
  secret: z.boolean(),
  isSet: z.boolean(),
  source: z.enum(settingSources),
  editable: z.boolean(),
})
export type SettingEntry = z.infer<typeof settingEntrySchema>

export const settingsViewSchema = z.object({
  entries: z.array(settingEntrySchema),
  /** 'os-keychain' when secrets are encrypted by the OS, 'plaintext' otherwise. */
  secretStorage: z.enum(['os-keychain', 'plaintext']),
  /** How to open the console in a browser: the admin listener and its token. */
  adminAccess: z.object({ url: z.string().nullable(), token: z.string() }),
  /** Where n8n should send webhooks: the tunnel URL when set, else the public listener. */
  webhookBaseUrl: z.string(),
  /** Until when the webhook secret replaced by the last rotation is still accepted; null when it is not. */
  previousWebhookSecretUntil: z.number().nullable(),
})
export type SettingsView = z.infer<typeof settingsViewSchema>

export const settingsUpdateSchema = z
  .object({
    values: z.partialRecord(z.enum(editableSettingKeys), settingValueSchema),
  })
  .strict()
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>

/** A new webhook secret; the one it replaces stays accepted this many hours (0: refused at once). */
export const webhookSecretRotateInputSchema = z
  .object({ grace_hours: z.coerce.number().int().min(0).max(168, 'must be at most 168 (a week)').default(24) })
  .strict()
  .optional()
/** The new secret, shown this once, and until when the old one is accepted. */
export const webhookSecretRotationSchema = z.object({ secret: z.string(), previous_accepted_until: z.number().nullable() })

/** How an alert is written for the service it goes to; 'auto' reads the service from the address. */
export const alertFormats = ['auto', 'ntfy', 'slack', 'discord', 'json'] as const
export type AlertFormat = (typeof alertFormats)[number]
/** Which approvals alert: those asked for at high priority (and any about to expire), every one, or none. */
export const alertApprovalChoices = ['high', 'all', 'none'] as const
export type AlertApprovals = (typeof alertApprovalChoices)[number]

/** A test alert: to the saved address, or to one typed but not saved yet. */
export const alertTestInputSchema = z
  .object({ url: z.url({ protocol: /^https?$/ }).optional(), format: z.enum(alertFormats).optional() })
  .strict()
  .optional()
export const alertTestResultSchema = z.object({ ok: z.boolean(), message: z.string() })
export type AlertTestResult = z.infer<typeof alertTestResultSchema>
