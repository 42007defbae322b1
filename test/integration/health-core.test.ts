import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

interface Report {
  status: string
  databaseSizeBytes: number
  checks: Record<string, { status: string; detail: string }>
}

describe('health of a running core', () => {
  let c: RunningCore | undefined
  const n8n = new FakeN8n()
  afterEach(async () => {
    await c?.close()
    c = undefined
    await n8n.stop()
  })
  const health = async () => (await c!.admin('GET', '/api/v1/health')).body as unknown as Report

  it('reports n8n reachability from a background probe, and follows new settings', async () => {
    await n8n.start()
    c = await startTestCore()
    const update = async (values: Record<string, string>) => expect((await c!.admin('POST', '/api/v1/rpc/settings.update', { values })).status).toBe(200)
    // The probe runs beside the scheduler's tick: its answer is in once health says it was just checked.
    const probed = () => vi.waitFor(async () => expect((await health()).checks.n8n!.detail).toMatch(/checked 0 s ago/), { timeout: 12_000 })
    await update({ N8N_API_URL: 'http://127.0.0.1:9/api/v1', N8N_API_KEY: n8n.apiKey })
    await c.tick()
    await probed()
    const down = await health()
    expect(down.status).toBe('degraded')
    expect(down.checks.n8n).toMatchObject({ status: 'degraded' })

    await update({ N8N_API_URL: n8n.apiUrl })
    expect((await health()).checks.n8n).toEqual({ status: 'ok', detail: 'checking n8n…' })
    await c.tick()
    await probed()
    expect((await health()).checks.n8n).toEqual({ status: 'ok', detail: 'Connected: n8n has 1 workflow(s) (checked 0 s ago)' })

    await n8n.stop()
    c.clock.advance(61_000)
    await c.tick()
    await probed()
    expect((await health()).checks.n8n!.status).toBe('degraded')
    // A call that cannot be sent meanwhile is counted beside what the probe found.
    const workflow = (await c.admin('POST', '/api/v1/workflows', { workflow_name: 'Sends', webhook_url: `${n8n.apiUrl.replace('/api/v1', '')}/webhook/s` })).body.id as number
    await c.admin('POST', `/api/v1/workflows/${workflow}/trigger`, { input_data: {} })
    await c.tick()
    expect((await health()).checks.n8n!.detail).toMatch(/; 1 call to n8n waiting to be sent$/)
  })

  it('says the n8n API is not configured without calling anything', async () => {
    c = await startTestCore()
    await c.tick()
    const report = await health()
    expect(report.checks.n8n).toEqual({ status: 'off', detail: 'n8n API not configured (timeouts and stop need it)' })
    // Not set up is not a fault: the core still reads as healthy.
    expect(report.status).toBe('ok')
  })

  it('reports a busy database while another program holds the write lock, and the write lands after', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    const workflowId = c.addWorkflow()
    const calm = await health()
    expect(calm.checks.database!.detail).toMatch(/^SQLite answers, [\d.]+ MiB on disk$/)
    expect(calm.databaseSizeBytes).toBeGreaterThan(0)

    const intruder = new Database(path.join(c.dataDir, 'flowgate.db'))
    intruder.exec('begin immediate')
    const body = JSON.stringify({ event: 'lead.created', data: {} })
    const pending = fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', body, headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET) } })
    await new Promise((resolve) => setTimeout(resolve, 1_300))
    const busy = await health()
    expect(busy.status).toBe('degraded')
    expect(busy.checks.database!.status).toBe('degraded')
    expect(busy.checks.database!.detail).toMatch(/^busy: a write has waited \d+ ms for the database lock/)

    intruder.exec('commit')
    intruder.close()
    expect((await pending).status).toBe(202)
    expect((await health()).checks.database!.status).toBe('ok')
  })
})
