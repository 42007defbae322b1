import path from 'node:path'
import { ConfigError, effectiveLogLevel, environmentValues, parseConfig, resolveDataDir } from './core/config'
import { openLogFile } from './core/logger'
import { createCore } from './core'

/**
 * Headless Flowgate: the same core as the desktop app under plain Node. Prints one JSON
 * line on stdout when listening; everything meant for a person goes to stderr.
 */
async function main(): Promise<void> {
  const environment = environmentValues()
  const config = parseConfig(environment)
  const dataDir = resolveDataDir(config)
  const core = createCore({
    dataDir,
    config: environment,
    log: await openLogFile({ dir: path.join(dataDir, 'logs'), level: effectiveLogLevel(config) }),
    rendererDir: path.join(__dirname, '..', 'renderer'),
  })

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    core.log.info({ signal }, 'stopping')
    core.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`flowgate: stop failed: ${(error as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))

  let started
  try {
    started = await core.start()
  } catch (error) {
    await core.stop().catch(() => undefined)
    throw error
  }
  const consoleHint = started.adminTokenGenerated
    ? `web console (shown once, keep it): ${started.adminUrl}/login?token=${started.adminToken}`
    : `web console: ${started.adminUrl}/ (sign in with the link shown at first start, or set FLOWGATE_ADMIN_TOKEN)`
  process.stderr.write(`flowgate: data in ${dataDir}\nflowgate: ${consoleHint}\n`)
  // Last, so whoever waits for this line has everything else already.
  process.stdout.write(`${JSON.stringify({ event: 'listening', public: started.publicUrl, admin: started.adminUrl })}\n`)
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `could not start: ${(error as Error).message}`
  process.stderr.write(`flowgate: ${message}\n`)
  process.exit(1)
})
