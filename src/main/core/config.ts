import fs from 'node:fs'
import path from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { z } from 'zod'
import { autoApprovalRulesSchema, blockedDomainsSchema, blockedWordsSchema, defaultAutoApprovalRules, withDefaultRules } from '../../shared/schemas/auto-rules'
import { commaSeparated } from '../../shared/text'
import { alertApprovalChoices, alertFormats } from '../../shared/schemas/settings'
import { formatQuietHours, parseQuietHours, QUIET_HOURS_HINT } from '../../shared/quiet-hours'
import { compileTrustedProxies, DEFAULT_TRUSTED_PROXIES } from './intake/sender'
import { defaultDataDir } from './paths'
import { logLevels } from './logger'

const booleanText = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes')
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max)
const port = integer(0, 65535)
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''))
const optionalText = z.string().trim().min(1).optional()
/** Comma-separated URLs, e.g. `http://127.0.0.1:4040,http://127.0.0.1:20241`. */
const urlList = z
  .string()
  .transform(commaSeparated)
  .pipe(z.array(httpUrl).min(1, 'must list at least one URL'))
/** Comma-separated proxies: addresses, CIDR ranges, or loopback / linklocal / uniquelocal. */
const proxyList = z
  .string()
  .transform(commaSeparated)
  .pipe(z.array(z.string()).min(1, 'must list at least one address'))
  .superRefine((proxies, ctx) => {
    try {
      compileTrustedProxies(proxies)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `${(error as Error).message}; list addresses, ranges such as 172.17.0.0/16, or loopback, linklocal, uniquelocal` })
    }
  })

/** "22-7" or "22:00 – 07:00", kept as "22:00-07:00". */
const quietHours = z.string().transform((text, ctx) => {
  const hours = parseQuietHours(text)
  if (hours) return formatQuietHours(hours)
  ctx.addIssue({ code: 'custom', message: QUIET_HOURS_HINT })
  return z.NEVER
})

/** A JSON object in the environment or in saved settings: approval type → rules. */
const rulesJson = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .transform((value, ctx) => {
    try {
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : value
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of approval type → rules' })
      return z.NEVER
    }
  })
  .pipe(autoApprovalRulesSchema)
  .transform(withDefaultRules)

/** The whole configuration: the seed's variables, then Flowgate's own. Defaults are the seed's. */
export const configSchema = z.object({
  N8N_API_URL: httpUrl.optional(),
  N8N_API_KEY: optionalText,
  N8N_WEBHOOK_SECRET: optionalText,
  /** While n8n is down for maintenance: calls to it wait in the outbox instead of failing. */
  N8N_CALLS_PAUSED: booleanText.default(false),
  WORKFLOW_MAX_RETRIES: integer(0, 100).default(3),
  WORKFLOW_RETRY_DELAY_SECONDS: integer(1, 86_400).default(60),
  WORKFLOW_EXECUTION_TIMEOUT_SECONDS: integer(1, 604_800).default(300),
  WORKFLOW_APPROVAL_TIMEOUT_HOURS: integer(1, 8_760).default(24),
  /** Seconds a person's decision can be undone before it takes effect; 0 = at once. */
  APPROVAL_UNDO_SECONDS: integer(0, 300).default(10),
  AUTO_APPROVAL_ENABLED: booleanText.default(true),
  AUTO_APPROVAL_CONFIDENCE_THRESHOLD: integer(0, 100).default(90),
  AUTO_APPROVAL_MAX_DAILY_LIMIT: integer(0, 1_000_000).default(100),
  /** OpenRouter credits (US dollars) the model may cost a day; once spent, approvals wait for a person. Unset: no cap. */
  AUTO_APPROVAL_DAILY_BUDGET: z.coerce.number().min(0).max(100_000).optional(),
  AUTO_APPROVAL_SHADOW_MODE: booleanText.default(false),
  AUTO_APPROVAL_RULES: rulesJson.default(defaultAutoApprovalRules),
  AUTO_APPROVAL_BLOCKED_WORDS: z.string().transform(commaSeparated).pipe(blockedWordsSchema).default([]),
  AUTO_APPROVAL_BLOCKED_DOMAINS: z.string().transform(commaSeparated).pipe(blockedDomainsSchema).default([]),
  EMAIL_SEND_MAX_PER_LEAD_PER_WEEK: integer(1, 1000).default(2),
  EMAIL_SEND_MIN_HOURS_APART: integer(0, 8_760).default(48),
  MONITORING_RETENTION_DAYS: integer(1, 3_650).default(30),
  /** Days a successfully processed webhook (payload included) is kept; failed ones stay until replayed or deleted. */
  WEBHOOK_RETENTION_DAYS: integer(1, 3_650).default(30),
  /**
   * Days a call n8n took (its body included) is kept; failed and waiting ones are never pruned.
   * At least 2: a workflow's hourly and daily limits count the executions it started in the last day.
   */
  CALL_RETENTION_DAYS: integer(2, 3_650).default(30),
  /**
   * Days a finished execution (its input and output included) is kept; unset keeps them all. One an
   * approval, a kept call to n8n or a kept retry of it points to stays with them.
   */
  EXECUTION_RETENTION_DAYS: integer(7, 3_650).optional(),
  /** Hours between automatic backups; 0 turns them off. */
  FLOWGATE_BACKUP_INTERVAL_HOURS: integer(0, 8_760).default(24),
  FLOWGATE_BACKUP_KEEP: integer(1, 1_000).default(7),
  /** Where automatic backups go; `backups` in the data folder when unset. */
  FLOWGATE_BACKUP_DIR: z.string().trim().min(1).refine((dir) => path.isAbsolute(dir), 'must be an absolute path').optional(),
  FLOWGATE_DATA_DIR: z.string().trim().min(1).optional(),
  FLOWGATE_PUBLIC_HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).default('127.0.0.1'),
  FLOWGATE_PUBLIC_PORT: port.default(8787),
  FLOWGATE_ADMIN_PORT: port.default(8788),
  FLOWGATE_ADMIN_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  FLOWGATE_PUBLIC_URL: httpUrl.optional(),
  /** Local tunnel agent APIs to look for running tunnels at; ngrok's and cloudflared's default ports when unset. */
  FLOWGATE_TUNNEL_AGENTS: urlList.optional(),
  /** Proxies in front of the public listener whose X-Forwarded-For names the sender (a tunnel agent in a container: its network). */
  FLOWGATE_TRUSTED_PROXIES: proxyList.default(DEFAULT_TRUSTED_PROXIES),
  FLOWGATE_WEBHOOK_BODY_LIMIT_BYTES: integer(1_024, 64 * 1024 * 1024).default(1024 * 1024),
  FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE: integer(1, 10_000_000).default(6_000),
  /** Seconds a webhook request may take to arrive in full, headers and body; a slower sender gets 408 and is cut off. */
  FLOWGATE_WEBHOOK_REQUEST_TIMEOUT_SECONDS: integer(1, 3_600).default(30),
  FLOWGATE_LOG_LEVEL: z.enum(logLevels).default('info'),
  /** The debug switch: logs everything at debug level, whatever FLOWGATE_LOG_LEVEL says. */
  DEBUG: booleanText.default(false),
  /** Where alerts go away from the desk: an ntfy topic, a Slack or Discord webhook, or any URL taking JSON. A secret: it carries the token. */
  FLOWGATE_ALERT_URL: httpUrl.optional(),
  FLOWGATE_ALERT_FORMAT: z.enum(alertFormats).default('auto'),
  /** The hour (0–23, this computer's time) a summary of the last 24 hours goes where alerts go; unset: none. */
  FLOWGATE_ALERT_DAILY_SUMMARY_HOUR: integer(0, 23).optional(),
  /** Hours alerts wait through every day, this computer's time ("22:00-07:00"): they go as one message when the hours end. */
  FLOWGATE_ALERT_QUIET_HOURS: quietHours.optional(),
  /** Which approvals alert: `high` (asked for at high priority; any about to expire), `all`, or `none`. */
  FLOWGATE_ALERT_APPROVALS: z.enum(alertApprovalChoices).default('high'),
  OPENROUTER_API_KEY: optionalText,
  OPENROUTER_BASE_URL: httpUrl.default('https://openrouter.ai/api/v1'),
  OPENROUTER_MODEL: z.string().trim().min(1).default('openai/gpt-4o-mini'),
  OPENROUTER_TIMEOUT_SECONDS: integer(1, 300).default(20),
})

export type Config = z.output<typeof configSchema>

export const effectiveLogLevel = (config: Pick<Config, 'DEBUG' | 'FLOWGATE_LOG_LEVEL'>) => (config.DEBUG ? 'debug' : config.FLOWGATE_LOG_LEVEL)
export type ConfigKey = keyof Config
export const configKeys = Object.keys(configSchema.shape) as ConfigKey[]

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** One line per problem: the variable, what is wrong with its value, what is allowed. */
export function describeConfigIssues(error: z.ZodError, input: Record<string, unknown>): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? 'config')
      const raw = input[key]
      const shown = raw === undefined ? 'missing' : JSON.stringify(raw)
      return `${key}=${shown}: ${issue.message}`
    })
    .join('; ')
}

/** Parses raw values (strings from the environment or typed values from saved settings). */
export function parseConfig(raw: Record<string, unknown>): Config {
  const known = Object.fromEntries(
    configKeys.filter((k) => raw[k] !== undefined && raw[k] !== '').map((k) => [k, raw[k]]),
  )
  const parsed = configSchema.safeParse(known)
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeConfigIssues(parsed.error, known)}`)
  return parsed.data
}

/** Reads a dotenv file if it exists; values never override the real environment. */
export function readDotenvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {}
  return parseDotenv(fs.readFileSync(file))
}

/** The environment as Flowgate sees it: process env over the `.env` file in the working directory. */
export function environmentValues(
  env: NodeJS.ProcessEnv = process.env,
  dotenvFile = path.resolve('.env'),
): Record<string, string> {
  const fromFile = readDotenvFile(dotenvFile)
  const merged: Record<string, string> = {}
  for (const key of configKeys) {
    const value = env[key] ?? fromFile[key]
    if (value !== undefined && value !== '') merged[key] = value
  }
  return merged
}

export function resolveDataDir(config: Config): string {
  return path.resolve(config.FLOWGATE_DATA_DIR ?? defaultDataDir())
}
