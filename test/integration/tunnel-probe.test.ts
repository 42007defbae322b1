import net from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readTrayState } from '../../src/main/desktop/approvals-feed'
import { defaultPreferences, trayIcon } from '../../src/main/desktop/tray-model'
import { TUNNEL_PROBE_INTERVAL_MS } from '../../src/main/core/n8n/tunnel-probe'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { FakeTunnel } from '../helpers/fake-tunnel'

describe('the tunnel is checked once a minute, as n8n would reach Flowgate', () => {
  let c: RunningCore | undefined
  let tunnel: FakeTunnel | undefined
  afterEach(async () => {
    await tunnel?.stop()
    await c?.close()
  })

  it('reports it reachable, then down with one event and a push, then back with one event', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    const health = async () => (await c!.core.api['health.get'](undefined)).checks.tunnel
    // The probe runs beside the scheduler's tick: its answer is in once health says it was just checked.
    const probed = () => vi.waitFor(async () => expect((await health()).detail).toContain('checked 0 s ago'), { timeout: 12_000 })
    expect(await health()).toEqual({ status: 'off', detail: 'no tunnel URL set, so it is not checked' })

    tunnel = new FakeTunnel(Number(new URL(c.publicUrl).port))
    await tunnel.start()
    const pushes: string[] = []
    c.core.push.subscribe((message) => void (message.name === 'health.changed' && pushes.push((message.payload as { status: string }).status)))
    await c.core.api['settings.update']({ values: { FLOWGATE_PUBLIC_URL: tunnel.url } })
    await c.tick()
    await probed()
    expect(await health()).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^Reached Flowgate through http:\/\/127\.0\.0\.1:\d+ and the webhook secret matches in \d+ ms \(checked 0 s ago\)$/) })

    await tunnel.stop()
    const downAt = c.clock.now() + TUNNEL_PROBE_INTERVAL_MS
    for (let minute = 0; minute < 3; minute++) {
      c.clock.advance(TUNNEL_PROBE_INTERVAL_MS)
      await c.tick()
      await probed()
    }
    expect(await health()).toMatchObject({ status: 'degraded', detail: expect.stringContaining(`is unreachable (fetch failed); failing since ${new Date(downAt).toISOString()}`) })
    expect((await c.core.api['health.get'](undefined)).status).toBe('degraded')
    const tray = await readTrayState(c.core.api, defaultPreferences)
    expect(tray.tunnelDown).toContain('failing since')
    expect(trayIcon(tray)).toBe('urgent')

    await tunnel.start()
    c.clock.advance(TUNNEL_PROBE_INTERVAL_MS)
    await c.tick()
    await probed()
    expect((await health()).status).toBe('ok')
    expect((await readTrayState(c.core.api, defaultPreferences)).tunnelDown).toBeNull()
    await c.tick()
    const events = c.core.internals.database.sqlite
      .prepare("select event_type, severity, event_data from workflow_monitoring where event_type like 'tunnel%' order by id")
      .all() as { event_type: string; severity: string; event_data: string }[]
    expect(events.map((e) => [e.event_type, e.severity])).toEqual([
      ['tunnel_unreachable', 'error'],
      ['tunnel_restored', 'info'],
    ])
    expect(JSON.parse(events[0]!.event_data).error).toMatch(/is unreachable .*; n8n cannot deliver webhooks$/)
    expect(JSON.parse(events[1]!.event_data).summary).toBe('reachable again after about 3 min')
    // The first answer for the new address, down, back.
    expect(pushes).toEqual(['tunnel', 'tunnel', 'tunnel'])
  })

  it('a tunnel that hangs delays nothing else the scheduler does', async () => {
    c = await startTestCore({ AUTO_APPROVAL_ENABLED: 'false' })
    const accepted = new Set<net.Socket>()
    const hanging = net.createServer((socket) => accepted.add(socket))
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    try {
      await c.core.api['settings.update']({ values: { FLOWGATE_PUBLIC_URL: `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}` } })
      const workflow = await c.core.api['workflows.create']({ workflow_name: 'Gate', trigger_events: [], is_active: true, requires_approval: true, auto_approval_enabled: false, calls_held: false, alerts_muted: false, default_approval_type: 'demo_deploy', default_priority: 'high' })
      const execution = await c.core.api['workflows.trigger']({ id: workflow.id, trigger_event: 'manual', trigger_source: 'api', input_data: {} })
      const [approval] = (await c.core.api['approvals.list']({ page: 1, page_size: 1 })).items
      await c.core.api['approvals.decide']({ id: approval!.id, decision: 'rejected', approver_name: 'Ada', source: 'window' })
      c.clock.advance(10_000)
      await c.tick()
      // The tick is over and did its work, while the call through the tunnel still waits for an answer.
      expect((await c.core.api['executions.get']({ id: execution.id })).status).toBe('cancelled')
      expect((await c.core.api['health.get'](undefined)).checks.tunnel.detail).toBe('checking the tunnel…')
      await vi.waitFor(() => expect(accepted.size).toBe(1))
    } finally {
      for (const socket of accepted) socket.destroy()
      await new Promise((resolve) => hanging.close(resolve))
    }
  })
})
