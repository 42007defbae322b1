import { performance } from 'node:perf_hooks'
import { createCore } from '../../src/main/core'
import { silentLog } from '../../src/main/core/logger'

/**
 * Run in a process of its own, so nothing is warm: the first core start of the process over
 * FLOWGATE_DATA_DIR, timed from createCore until both listeners are up. Prints the serve-style
 * listening line with the time, then stops.
 */
async function main(): Promise<void> {
  const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: 'bench-admin-token-0123456789', AUTO_APPROVAL_ENABLED: 'false' }
  const startAt = performance.now()
  const core = createCore({ dataDir: process.env.FLOWGATE_DATA_DIR!, config, log: silentLog })
  const started = await core.start()
  const ms = performance.now() - startAt
  process.stdout.write(`${JSON.stringify({ event: 'listening', public: started.publicUrl, admin: started.adminUrl, ms })}\n`)
  await core.stop()
}

void main()
