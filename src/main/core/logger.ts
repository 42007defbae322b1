import fs from 'node:fs'
import path from 'node:path'
import pino, { type Logger } from 'pino'
import { createStream } from 'rotating-file-stream'

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
  '*.FLOWGATE_ALERT_URL',
  '*.FLOWGATE_ADMIN_TOKEN',
]

export const logLevels = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof logLevels)[number]

/** A root logger whose level can change while running, with the file it writes, if any. */
export interface LogOutput {
  logger: Logger
  setLevel(level: LogLevel): void
  /** The file being written now; older ones rotate beside it. */
  currentFile(): string | null
}

export interface LogFileOptions {
  dir: string
  level: LogLevel
  /** Roll to a new file past this size, in rotating-file-stream's notation ('10M'). */
  maxSize?: string
  /** Rolled files kept besides the current one. */
  keep?: number
}

const LOG_FILE = 'flowgate.log'

/**
 * pino copies the level into each child when it is made, so a new level reaches the
 * long-lived module loggers (`root.child({ module })`) only if they are remembered.
 */
function withLiveLevel(build: (onChild: (child: Logger) => void) => Logger, currentFile: () => string | null): LogOutput {
  const moduleLoggers = new Set<Logger>()
  const logger = build((child) => {
    const keys = Object.keys(child.bindings())
    if (keys.length === 1 && keys[0] === 'module') moduleLoggers.add(child)
  })
  return {
    logger,
    currentFile,
    setLevel(level) {
      logger.level = level
      for (const child of moduleLoggers) child.level = level
    },
  }
}

const redact = { paths: redactedPaths, censor: '[redacted]' }

/** Logs to `<dir>/flowgate.log`; past the size it becomes flowgate.1.log (then .2 …) and a few are kept. */
export async function openLogFile(options: LogFileOptions): Promise<LogOutput> {
  fs.mkdirSync(options.dir, { recursive: true })
  const stream = createStream((time, index) => (time ? `flowgate.${index}.log` : LOG_FILE), {
    path: options.dir,
    size: options.maxSize ?? '10M',
    maxFiles: options.keep ?? 5,
  })
  // A log that cannot be written must not take the app down; say so once on stderr.
  stream.once('error', (error) => process.stderr.write(`flowgate: the log file cannot be written: ${error.message}\n`))
  await new Promise<void>((resolve) => {
    stream.once('open', () => resolve())
    stream.once('error', () => resolve())
  })
  const file = path.join(options.dir, LOG_FILE)
  return withLiveLevel(
    (onChild) => pino({ level: options.level, redact, onChild }, stream),
    () => file,
  )
}

/** Logs to stderr: for tools and tests that have no data directory of their own. */
export function stderrLog(level: LogLevel): LogOutput {
  return withLiveLevel((onChild) => pino({ level, redact, onChild }, pino.destination(2)), () => null)
}

export const silentLogger: Logger = pino({ level: 'silent' })

/** Nothing written: for tests that start whole cores. */
export const silentLog: LogOutput = { logger: silentLogger, setLevel: () => undefined, currentFile: () => null }
