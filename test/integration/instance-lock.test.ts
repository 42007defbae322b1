import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src/main/core'
import { DataDirInUseError } from '../../src/main/core/db/instance-lock'
import { silentLog } from '../../src/main/core/logger'
import { tempDir } from '../helpers/temp'

const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: 'lock-admin-token-0123456789' }

describe('one core per data folder', () => {
  const cores: Core[] = []
  const folder = tempDir()
  const core = () => {
    const created = createCore({ dataDir: folder.dir, config, log: silentLog })
    cores.push(created)
    return created
  }
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.stop()
  })
  afterAll(() => folder.cleanup())

  it('refuses a second core while the first runs, leaving the first untouched, and lets one start after the first stops', async () => {
    const first = core()
    const started = await first.start()
    const second = core()
    const refused = await second.start().catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(DataDirInUseError)
    expect((refused as Error).message).toMatch(/^another Flowgate is already running on the data folder .+FLOWGATE_DATA_DIR$/)
    await second.stop()
    expect((await fetch(`${started.publicUrl}/api/v1/health`)).status).toBe(200)
    expect(first.internals.database.sqlite.prepare('select count(*) from n8n_workflows').pluck().get()).toBe(0)

    await first.stop()
    const third = core()
    await expect(third.start()).resolves.toMatchObject({ publicUrl: expect.stringMatching(/^http:/) })
  })
})
