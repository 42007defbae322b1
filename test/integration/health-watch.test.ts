import { describe, expect, it } from 'vitest'
import { alertingCorePerTest } from '../helpers/alerting-core'
import type { RunningCore } from '../helpers/core'
import type { FakeAlertService } from '../helpers/fake-alert-service'

const MINUTE = 60_000
const LOOK_EVERY = 5 * MINUTE

describe('Flowgate watching its own health', () => {
  let c: RunningCore
  let service: FakeAlertService
  alertingCorePerTest((core, alerts) => ([c, service] = [core, alerts]))

  /** Time for health to be looked at once more. */
  const nextLook = async () => {
    c.clock.advance(LOOK_EVERY)
    await c.tick()
    await c.core.internals.monitor.flush()
  }
  /** A webhook waiting for a retry an hour away, received `ageMs` ago: the queue's oldest. */
  const waitingWebhook = (ageMs: number) =>
    Number(
      c.core.internals.database.sqlite
        .prepare("insert into webhook_queue (kind, webhook_payload, status, retry_count, next_retry_at, received_at, created_at, updated_at) values ('generic_event', '{}', 'queued', 1, ?, ?, ?, ?)")
        .run(c.clock.now() + 60 * MINUTE, c.clock.now() - ageMs, c.clock.now(), c.clock.now()).lastInsertRowid,
    )
  const removeWebhook = (id: number) => c.core.internals.database.sqlite.prepare('delete from webhook_queue where id = ?').run(id)

  it('says once, and as an alert, that a part stays unwell, then that it is well again; a blip says nothing', async () => {
    const webhook = waitingWebhook(6 * MINUTE)
    await nextLook()
    const firstSeen = c.clock.now()
    expect(c.events('health_degraded')).toEqual([])
    await nextLook()
    expect(c.events('health_degraded')).toEqual([{ check: 'queue', status: 'degraded', reason: 'Webhook queue: 1 waiting, oldest 960 s', since: firstSeen }])
    await nextLook()
    expect(c.events('health_degraded')).toHaveLength(1)
    await c.core.internals.alerts.forwarder.idle()
    expect(service.received.map((message) => message.body.text)).toEqual(['*Flowgate: Health check failing*\nHealth check failing: Webhook queue: 1 waiting, oldest 960 s'])

    removeWebhook(webhook)
    await nextLook()
    expect(c.events('health_restored')).toEqual([{ check: 'queue', reason: 'Webhook queue: empty', since: firstSeen }])

    // Unwell at one look and well at the next: gone before it was worth saying.
    const blip = waitingWebhook(6 * MINUTE)
    await nextLook()
    removeWebhook(blip)
    await nextLook()
    await nextLook()
    expect(c.events('health_degraded')).toHaveLength(1)
    expect(c.events('health_restored')).toHaveLength(1)
  })

  it('takes calls to n8n paused by the operator for what it is: not a problem', async () => {
    await c.admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_CALLS_PAUSED: true } })
    for (let look = 0; look < 3; look++) await nextLook()
    const health = (await c.admin('GET', '/api/v1/health')).body as { checks: Record<string, { status: string }> }
    expect(health.checks.n8n!.status).toBe('degraded')
    expect(c.events('health_degraded')).toEqual([])
  })
})
