import { describe, expect, it } from 'vitest'
import { newRefusedWebhookNotice, REFUSED_NOTICE_EVERY_MS } from '../../src/main/desktop/refused-webhook-notices'

describe('notices of webhooks refused for their signature', () => {
  const refused = (lastAt: number | null, count = 3) => ({ count, lastAt, lastError: 'X-N8N-Signature does not match the configured secret' })
  const now = 10 * REFUSED_NOTICE_EVERY_MS

  it('says a new refusal, never those there were at the first look', () => {
    expect(newRefusedWebhookNotice(undefined, null, refused(now - 1000), now)).toBeNull()
    expect(newRefusedWebhookNotice(null, null, refused(null, 0), now)).toBeNull()
    expect(newRefusedWebhookNotice(now - 1000, null, refused(now - 1000), now)).toBeNull()
    expect(newRefusedWebhookNotice(now - 1000, null, refused(now), now)).toEqual({
      title: "n8n's webhooks are being refused",
      body: "3 webhooks refused for their signature in 24 h: X-N8N-Signature does not match the configured secret. Check the secret in n8n's credential.",
      click: { kind: 'openList', link: '#/monitoring?search=webhook_rejected' },
      approvalId: null,
      actions: [],
    })
    expect(newRefusedWebhookNotice(null, null, refused(now, 1), now)?.body).toMatch(/^1 webhook refused for its signature in 24 h: /)
  })

  it('reminds at most once an hour while n8n keeps calling with the wrong secret', () => {
    expect(newRefusedWebhookNotice(now - 60_000, now - 30 * 60_000, refused(now), now)).toBeNull()
    expect(newRefusedWebhookNotice(now - 60_000, now - REFUSED_NOTICE_EVERY_MS, refused(now), now)).not.toBeNull()
  })
})
