import { createCore, type Core, type StartedCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLogger } from '../../src/main/core/logger'
import { tempDir } from './temp'

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

export interface RunningCore extends StartedCore {
  core: Core
  clock: ManualClock
  dataDir: string
  close(): Promise<void>
}

/** A real core on loopback ports chosen by the OS, over a fresh data folder. */
export async function startTestCore(config: Record<string, string> = {}, rendererDir?: string): Promise<RunningCore> {
  const { dir, cleanup } = tempDir()
  const clock = new ManualClock()
  const core = createCore({
    dataDir: dir,
    config: { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...config },
    clock,
    logger: silentLogger,
    rendererDir,
  })
  const started = await core.start()
  return {
    ...started,
    core,
    clock,
    dataDir: dir,
    close: async () => {
      await core.stop()
      cleanup()
    },
  }
}
