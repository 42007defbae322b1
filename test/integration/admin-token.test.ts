import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { startTestCore } from '../helpers/core'
import { tempDir } from '../helpers/temp'

describe('replacing the admin token', () => {
  const stops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop()
  })

  const call = (adminUrl: string, token: string, method: string) =>
    fetch(`${adminUrl}/api/v1/rpc/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })

  it('signs out the old token at once, event streams included, and the new one works', async () => {
    const { dir, cleanup } = tempDir()
    const core: Core = createCore({ dataDir: dir, config: { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0' }, clock: new ManualClock(), log: silentLog })
    const started = await core.start()
    stops.push(async () => {
      await core.stop()
      cleanup()
    })
    const old = started.adminToken
    const stream = await fetch(`${started.adminUrl}/api/v1/events`, { headers: { authorization: `Bearer ${old}` } })
    const reader = stream.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': connected')

    const rotated = await call(started.adminUrl, old, 'system.rotateAdminToken')
    expect(rotated.status).toBe(200)
    const { result } = (await rotated.json()) as { result: { token: string; url: string } }
    expect(result.url).toBe(started.adminUrl)
    expect(result.token).not.toBe(old)
    expect(result.token.length).toBeGreaterThanOrEqual(32)

    expect((await call(started.adminUrl, old, 'health.get')).status).toBe(401)
    expect((await call(started.adminUrl, result.token, 'health.get')).status).toBe(200)
    expect((await fetch(`${started.adminUrl}/login?token=${old}`, { redirect: 'manual' })).status).toBe(401)
    // The stream opened with the old token ends at the next push rather than keep telling.
    let ended = false
    for (let i = 0; i < 5 && !ended; i++) ended = (await reader.read()).done
    expect(ended).toBe(true)

    // Recorded, without the token.
    await core.internals.monitor.flush()
    const events = core.internals.database.sqlite.prepare("select event_data from workflow_monitoring where event_type = 'operator_action'").pluck().all() as string[]
    expect(events.map((e) => JSON.parse(e).action)).toEqual(['system.rotateAdminToken'])
    expect(events.join()).not.toContain(result.token)

    // The new token survives a restart.
    await core.stop()
    const again = await core.start()
    expect(again.adminToken).toBe(result.token)
  })

  it('refuses when the environment sets the token', async () => {
    const c = await startTestCore()
    stops.push(() => c.close())
    const refused = await c.admin('POST', '/api/v1/rpc/system.rotateAdminToken', {})
    expect(refused.status).toBe(409)
    expect(JSON.stringify(refused.body)).toContain('FLOWGATE_ADMIN_TOKEN is set by the environment')
  })
})
