import { afterEach, describe, expect, it } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'

describe('tools behind the console', () => {
  const cores: RunningCore[] = []
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()))
  })
  const start = async (config: Record<string, string> = {}) => {
    const c = await startTestCore(config)
    cores.push(c)
    return c
  }
  const tunnel = async (c: RunningCore, url?: string) => (await c.admin('POST', '/api/v1/system/test-tunnel', url ? { url } : undefined)).body

  it('tunnel self-test: reaches the public route through the URL and checks the secret without sending it', async () => {
    const c = await start({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    expect(await tunnel(c)).toMatchObject({ ok: false, status: null, message: 'Set FLOWGATE_PUBLIC_URL (your tunnel address) first' })
    const through = await tunnel(c, c.publicUrl)
    expect(through).toMatchObject({ ok: true, status: 200, message: `Reached Flowgate through ${c.publicUrl} and the webhook secret matches` })
    expect(through.latency_ms).toEqual(expect.any(Number))

    const other = await start({ N8N_WEBHOOK_SECRET: 'a-different-secret-0123456789' })
    const mismatch = await tunnel(c, other.publicUrl)
    expect(mismatch).toMatchObject({ ok: false, status: 401 })
    expect(mismatch.message).toContain(other.publicUrl)

    expect((await tunnel(c, 'http://127.0.0.1:9'))).toMatchObject({ ok: false, status: null })
    expect((await tunnel(c, `${c.adminUrl}/nowhere`))).toMatchObject({ ok: false })
  })

  it('approvals inbox search matches title, description and type, with LIKE wildcards taken literally', async () => {
    const c = await start()
    const insert = c.core.internals.database.sqlite.prepare(
      "insert into workflow_approvals (approval_type, approval_title, approval_description, status, priority, created_at, updated_at) values (?, ?, ?, 'pending', 'medium', 1, 1)",
    )
    insert.run('email_send', 'Send 40 emails to ACME', null)
    insert.run('video_create', 'Demo video', 'for acme corp')
    insert.run('demo_deploy', 'Deploy 100% preview', null)
    insert.run('demo_deploy', 'Deploy 1000 previews', null)
    const search = async (words: string) =>
      ((await c.admin('POST', '/api/v1/rpc/approvals.list', { search: words })).body.result as { items: { approval_title: string }[] }).items.map((a) => a.approval_title)
    expect(await search('acme')).toEqual(['Send 40 emails to ACME', 'Demo video'])
    expect(await search('video_create')).toEqual(['Demo video'])
    expect(await search('100%')).toEqual(['Deploy 100% preview'])
    expect(await search('nothing like it')).toEqual([])
  })
})
