import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { approvalRequests, coreAndFakeN8nPerTest } from '../helpers/approval-requests'

const HOUR = 3_600_000

describe('giving a pending approval more time', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const sqlite = () => c.core.internals.database.sqlite
  const events = (type: string) => c.events(type) as Record<string, unknown>[]

  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  const { n8nAsks } = approvalRequests(() => c, () => n8n)
  const workflow = async () => (await admin('POST', '/api/v1/workflows', { workflow_name: 'Asks', webhook_url: n8n.webhookUrl('a') })).body.id as number

  it('moves the expiry later, so the approval outlives its first deadline, and records who gave the time', async () => {
    const approval = await n8nAsks(await workflow(), '71', { expires_in_hours: 1 })
    const asked = (await admin('GET', `/api/v1/approvals/${approval}`)).body.expires_at as number
    const extended = await admin('POST', `/api/v1/approvals/${approval}/extend`, { hours: 24 })
    expect(extended).toMatchObject({ status: 200, body: { status: 'pending', expires_at: asked + 24 * HOUR } })

    c.clock.advance(2 * HOUR)
    await c.tick()
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.status).toBe('pending')
    expect(n8n.resumes).toHaveLength(0)
    c.clock.advance(24 * HOUR)
    await c.tick()
    await c.tick()
    expect((await admin('GET', `/api/v1/approvals/${approval}`)).body.status).toBe('expired')
    expect(n8n.resumes.map((r) => r.body.decision)).toEqual(['expired'])

    await c.core.internals.monitor.flush()
    expect(events('approval_extended')).toEqual([{ approvalId: approval, hours: 24, expiresAt: asked + 24 * HOUR }])
    expect(events('operator_action').map((e) => e.summary)).toContain(
      `gave approval #${approval} "Send 250 emails" 24 hours more (expires ${new Date(asked + 24 * HOUR).toISOString()})`,
    )
  })

  it('refuses what cannot be given more time, and changes nothing', async () => {
    const id = await workflow()
    const pending = await n8nAsks(id, '72', { expires_in_hours: 1 })
    const decided = await n8nAsks(id, '73')
    await admin('POST', `/api/v1/approvals/${decided}/reject`, { approver_name: 'Ada' })
    const lapsed = await n8nAsks(id, '74', { expires_in_hours: 0.5 })
    const before = sqlite().prepare('select id, expires_at, updated_at from workflow_approvals order by id').all()
    c.clock.advance(0.75 * HOUR)
    const refusals: [number, unknown, number, RegExp][] = [
      [pending, { hours: 0 }, 400, /hours/],
      [pending, { hours: 721 }, 400, /hours/],
      [pending, { hours: 1.5 }, 400, /hours: must be whole hours/],
      [pending, {}, 400, /hours/],
      [decided, { hours: 24 }, 409, /is rejected; only a pending approval can be given more time/],
      [lapsed, { hours: 24 }, 409, /expired at .* and can no longer be given more time/],
      [999_999, { hours: 24 }, 404, /Approval 999999 does not exist/],
    ]
    for (const [approval, body, status, message] of refusals) {
      const answer = await admin('POST', `/api/v1/approvals/${approval}/extend`, body)
      expect(answer.status, JSON.stringify(body)).toBe(status)
      expect(answer.body.message).toMatch(message)
    }
    expect(sqlite().prepare('select id, expires_at, updated_at from workflow_approvals order by id').all()).toEqual(before)
  })
})
