import fs from 'node:fs'
import path from 'node:path'
import pino, { type Logger } from 'pino'
import pinoRoll from 'pino-roll'

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
  /** Roll to a new file past this size; pino-roll's notation ('10m'). */
  maxSize?: string
  /** Rolled files kept besides the current one. */
  keep?: number
}

const LOG_BASE_NAME = 'flowgate'

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

/** Logs to `<dir>/flowgate.N.log`, rolling by size and keeping a few old files. */
export async function openLogFile(options: LogFileOptions): Promise<LogOutput> {
  fs.mkdirSync(options.dir, { recursive: true })
  const destination = await pinoRoll({
    file: path.join(options.dir, LOG_BASE_NAME),
    extension: '.log',
    size: options.maxSize ?? '10m',
    limit: { count: options.keep ?? 5 },
    mkdir: true,
  })
  return withLiveLevel(
    (onChild) => pino({ level: options.level, redact, onChild }, destination),
    () => newestLogFile(options.dir),
  )
}

/** Logs to stderr: for tools and tests that have no data directory of their own. */
export function stderrLog(level: LogLevel): LogOutput {
  return withLiveLevel((onChild) => pino({ level, redact, onChild }, pino.destination(2)), () => null)
}

function newestLogFile(dir: string): string | null {
  const numbered = fs
    .readdirSync(dir)
    .map((name) => ({ name, n: Number(/^flowgate\.(\d+)\.log$/.exec(name)?.[1] ?? NaN) }))
    .filter((file) => Number.isInteger(file.n))
    .sort((a, b) => b.n - a.n)
  const newest = numbered[0]
  return newest ? path.join(dir, newest.name) : null
}

export const silentLogger: Logger = pino({ level: 'silent' })

/** Nothing written: for tests that start whole cores. */
export const silentLog: LogOutput = { logger: silentLogger, setLevel: () => undefined, currentFile: () => null }
