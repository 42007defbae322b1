import { describe, expect, it } from 'vitest'
import { alertingCorePerTest } from '../helpers/alerting-core'
import { TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import type { FakeAlertService } from '../helpers/fake-alert-service'
import { json, sign } from '../helpers/sign'

describe('a webhook the database cannot store', () => {
  let c: RunningCore
  let service: FakeAlertService
  alertingCorePerTest((core, alerts) => ([c, service] = [core, alerts]))

  const send = (workflowId: number) =>
    fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', body: '{"lead":1}', headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET) } })
  const publicListener = async () => ((await c.admin('GET', '/api/v1/health')).body.checks as Record<string, { status: string; detail: string }>).publicListener

  it('is refused with 503 and nothing kept; health, the activity log and an alert say why, until webhooks are stored again', async () => {
    const id = c.addWorkflow()
    const sqlite = c.core.internals.database.sqlite
    // SQLite refuses every new webhook, as it does when the disk is full.
    sqlite.exec("create trigger refuse_webhooks before insert on webhook_queue begin select raise(fail, 'database or disk is full'); end")

    const refused = await send(id)
    expect(refused.status).toBe(503)
    expect(await refused.json()).toEqual({ error: 'unavailable', message: 'The webhook could not be stored and was not accepted; send it again' })
    expect(c.count('webhook_queue')).toBe(0)
    expect((await publicListener())?.detail).toBe('refusing webhooks (503): they cannot be stored (database or disk is full); n8n is told to send them again')
    c.clock.advance(65_000)
    expect(await publicListener()).toEqual({
      status: 'down',
      detail: 'refusing webhooks (503) for 1 min 05 s: they cannot be stored (database or disk is full); n8n is told to send them again',
    })

    // Alerts of a burst are gathered for ten seconds, then go as one message.
    c.clock.advance(10_000)
    await c.tick()
    await c.core.internals.alerts.forwarder.idle()
    expect(service.received.map((alert) => alert.body.text).join('\n')).toMatch(/Webhooks refused: they cannot be stored[\s\S]*database or disk is full/)
    await c.core.internals.monitor.flush()
    const events = sqlite.prepare("select workflow_id, severity, event_data from workflow_monitoring where event_type = 'webhook_not_stored'").all() as { workflow_id: number; severity: string; event_data: string }[]
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ workflow_id: id, severity: 'error' })
    expect(JSON.parse(events[0]!.event_data)).toMatchObject({ error: 'database or disk is full', summary: 'answered 503: n8n was told to send it again', sender: '127.0.0.1', path: `/api/v1/webhooks/n8n/${id}` })

    sqlite.exec('drop trigger refuse_webhooks')
    expect((await send(id)).status).toBe(202)
    expect(c.count('webhook_queue')).toBe(1)
    expect((await publicListener())?.status).toBe('ok')
  })
})
