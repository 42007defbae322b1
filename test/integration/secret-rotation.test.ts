import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { silentLog } from '../../src/main/core/logger'
import type { SecretCodec } from '../../src/main/core/secrets'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

const HOUR = 3_600_000
/** Stands in for the OS keychain: what it seals does not read as the secret. */
const keychain: SecretCodec = {
  storage: 'os-keychain',
  seal: (plain) => Buffer.from(plain).toString('base64'),
  open: (sealed) => Buffer.from(sealed, 'base64').toString(),
}

describe('rotating the webhook secret with a grace period', () => {
  let c: RunningCore
  let n8n: FakeN8n | null = null
  afterEach(async () => {
    await c.close()
    await n8n?.stop()
    n8n = null
  })

  const rotate = async (body?: object) => {
    const answer = await c.admin('POST', '/api/v1/rpc/settings.rotateWebhookSecret', body)
    expect(answer.status, answer.body.message).toBe(200)
    return answer.body.result as { secret: string; previous_accepted_until: number | null }
  }
  const sendSigned = async (secret: string, path = 'generic', how: 'shared' | 'hmac' = 'shared') => {
    const body = JSON.stringify(path === 'generic' ? { event: 'rotation.check', data: {} } : { lead: 1 })
    const headers = how === 'shared' ? sign.sharedSecret(secret) : sign.hmac(body, secret)
    const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${path}`, { method: 'POST', headers: { ...json, ...headers }, body })
    return response.status
  }
  // Events are written in batches after the action that records them: wait for those on their way.
  const eventsOf = async (type: string) => {
    await c.core.internals.monitor.flush()
    return (await c.admin('GET', `/api/v1/monitoring/events?event_type=${type}`)).body.items as { event_data: { direction: string; message: string }; workflow_id: number | null }[]
  }

  it('keeps the old secret accepted for the hours chosen, says when n8n still uses it, then refuses it', async () => {
    c = await startTestCore()
    const first = await rotate({ grace_hours: 0 })
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/)
    expect(first.previous_accepted_until).toBeNull()
    expect(await sendSigned(first.secret)).toBe(202)

    const second = await rotate({ grace_hours: 2 })
    expect(second.previous_accepted_until).toBe(c.clock.now() + 2 * HOUR)
    expect((await c.admin('POST', '/api/v1/rpc/settings.get')).body.result).toMatchObject({ previousWebhookSecretUntil: second.previous_accepted_until })
    expect(await sendSigned(second.secret)).toBe(202)
    // The old one, by either scheme, on either route.
    expect(await sendSigned(first.secret)).toBe(202)
    expect(await sendSigned(first.secret, 'generic', 'hmac')).toBe(202)
    const workflowId = c.addWorkflow({ name: 'Uses the global secret' })
    expect(await sendSigned(first.secret, String(workflowId), 'hmac')).toBe(202)
    expect(await sendSigned('never-the-secret-0123456789')).toBe(401)
    await c.tick()
    const used = await eventsOf('previous_secret_used')
    // Throttled per sender: a flood of old-secret calls is one event now and then.
    expect(used).toHaveLength(1)
    expect(used[0]!.event_data).toMatchObject({ direction: 'from n8n', message: expect.stringContaining('signed with the previous webhook secret') })
    // The dashboard says it is still in use, so the operator updates n8n before the old one ends.
    const dashboard = (await c.admin('GET', '/api/v1/monitoring/dashboard')).body
    expect(dashboard.previous_secret).toEqual({ accepted_until: second.previous_accepted_until, last_used_at: c.clock.now() })

    c.clock.advance(2 * HOUR)
    expect(await sendSigned(first.secret)).toBe(401)
    expect(await sendSigned(second.secret)).toBe(202)
    expect((await c.admin('POST', '/api/v1/rpc/settings.get')).body.result).toMatchObject({ previousWebhookSecretUntil: null })
    expect((await c.admin('GET', '/api/v1/monitoring/dashboard')).body.previous_secret).toBeNull()
  })

  it('stops accepting the old one on request, and a workflow with its own secret never takes the old global one', async () => {
    c = await startTestCore()
    const first = await rotate({ grace_hours: 0 })
    const own = c.addWorkflow({ name: 'Own secret', webhookSecret: 'own-secret-0123456789abcdef' })
    await rotate()
    expect(await sendSigned(first.secret, String(own))).toBe(401)
    expect(await sendSigned(first.secret)).toBe(202)
    const ended = await c.admin('POST', '/api/v1/rpc/settings.endWebhookSecretGrace')
    expect(ended.body.result).toMatchObject({ previousWebhookSecretUntil: null })
    expect(await sendSigned(first.secret)).toBe(401)
    // The activity log names both, never a secret's value.
    const actions = (await eventsOf('operator_action')).map((e) => JSON.stringify(e.event_data))
    expect(actions.some((a) => a.includes('rotated the webhook secret (the old one accepted until'))).toBe(true)
    expect(actions.some((a) => a.includes('stopped accepting the previous webhook secret'))).toBe(true)
    expect(actions.some((a) => a.includes(first.secret))).toBe(false)
  })

  it('the old secret survives a restart, sealed by the keychain, with its deadline', async () => {
    c = await startTestCore({}, { secretCodec: keychain })
    const first = await rotate({ grace_hours: 0 })
    await rotate({ grace_hours: 24 })
    const stored = c.core.internals.database.sqlite.prepare("select value, sealed from settings where key = 'N8N_WEBHOOK_SECRET_PREVIOUS'").get() as { value: string; sealed: number }
    expect(stored.sealed).toBe(1)
    expect(stored.value).not.toContain(first.secret)
    await c.core.stop()
    const again = createCore({
      dataDir: c.dataDir,
      config: { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: 'restart-admin-token-0123456789' },
      clock: c.clock,
      log: silentLog,
      secretCodec: keychain,
    })
    const started = await again.start()
    try {
      const body = JSON.stringify({ event: 'after.restart', data: {} })
      const response = await fetch(`${started.publicUrl}/api/v1/webhooks/n8n/generic`, { method: 'POST', headers: { ...json, ...sign.sharedSecret(first.secret) }, body })
      expect(response.status).toBe(202)
    } finally {
      await again.stop()
    }
  })

  it('refuses a grace beyond a week, and a rotation of a secret the environment sets', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: 'from-the-environment-0123456789' })
    const tooLong = await c.admin('POST', '/api/v1/rpc/settings.rotateWebhookSecret', { grace_hours: 200 })
    expect(tooLong.status).toBe(400)
    expect((tooLong.body.error as { message: string }).message).toContain('at most 168')
    const locked = await c.admin('POST', '/api/v1/rpc/settings.rotateWebhookSecret', { grace_hours: 1 })
    expect(locked.status).toBe(409)
    expect((locked.body.error as { message: string }).message).toBe('N8N_WEBHOOK_SECRET is set by the environment; change or unset it there')
    expect(await sendSigned('from-the-environment-0123456789')).toBe(202)
  })

  it("a dispatch n8n refuses with the new secret goes with the old one while it is accepted, and says so", async () => {
    n8n = new FakeN8n()
    await n8n.start()
    c = await startTestCore()
    const first = await rotate({ grace_hours: 0 })
    // A hand-made Header Auth credential in n8n, still holding the first secret.
    n8n.headerAuth = first.secret
    await rotate({ grace_hours: 1 })
    const workflowId = (await c.admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', webhook_url: n8n.webhookUrl('mailer') })).body.id as number
    const execution = (await c.admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id
    await c.tick()
    expect(n8n.received.map((r) => r.signature)).toEqual([first.secret])
    expect((await c.admin('GET', `/api/v1/executions/${execution}`)).body.status).toBe('running')
    await c.tick()
    expect((await eventsOf('previous_secret_used'))[0]).toMatchObject({ workflow_id: workflowId, event_data: { direction: 'to n8n' } })

    // Once the old one is no longer accepted, n8n's refusal stands.
    c.clock.advance(HOUR)
    const refused = (await c.admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id
    await c.tick()
    expect(n8n.received).toHaveLength(1)
    expect((await c.admin('GET', `/api/v1/executions/${refused}`)).body).toMatchObject({ status: 'failed', error_message: expect.stringContaining('n8n answered 403') })
  })
})
