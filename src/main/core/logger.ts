import fs from 'node:fs'
import path from 'node:path'
import pino, { type Logger } from 'pino'

export type { Logger }

/** Every place a secret can sit in a log object; pino replaces them before writing. */
export const redactedPaths = [
  'token',
  'apiKey',
  'secret',
  'password',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.password',
  'headers.authorization',
  'headers.cookie',
  'headers["x-n8n-signature"]',
  'headers["x-flowgate-signature"]',
  'headers["webhook-signature"]',
  'headers["x-n8n-api-key"]',
  '*.N8N_API_KEY',
  '*.N8N_WEBHOOK_SECRET',
  '*.OPENROUTER_API_KEY',
  '*.FLOWGATE_ADMIN_TOKEN',
]

export interface LoggerOptions {
  level: string
  /** Log file; when absent, logs go to stderr. */
  file?: string
}

/** The root logger; services take `root.child({ module })` so each line names its source. */
export function createRootLogger(options: LoggerOptions): Logger {
  const redact = { paths: redactedPaths, censor: '[redacted]' }
  if (!options.file) return pino({ level: options.level, redact }, pino.destination(2))
  fs.mkdirSync(path.dirname(options.file), { recursive: true })
  return pino({ level: options.level, redact }, pino.destination({ dest: options.file, sync: false }))
}

export const silentLogger: Logger = pino({ level: 'silent' })
