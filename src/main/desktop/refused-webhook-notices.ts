import { refusedWebhookEvents } from '../../shared/list-links'
import { refusedWebhooksSaid } from '../../shared/schemas/monitoring'
import type { Notice } from './tray-model'

/** Webhooks the public door refused for their signature in the last 24 h, as the dashboard counts them. */
export interface RefusedWebhooks {
  count: number
  lastAt: number | null
  lastError: string | null
}

/** A misconfigured n8n keeps calling: one reminder an hour says it, more would only be noise. */
export const REFUSED_NOTICE_EVERY_MS = 3_600_000

/**
 * A notice when a refusal newer than any seen before comes (`seenLastAt`: the newest seen, undefined
 * at the first look so a start does not announce old ones), unless one was given within the hour.
 */
export function newRefusedWebhookNotice(seenLastAt: number | null | undefined, lastNoticeAt: number | null, refused: RefusedWebhooks, now: number): Notice | null {
  if (seenLastAt === undefined || refused.lastAt === null || (seenLastAt !== null && refused.lastAt <= seenLastAt)) return null
  if (lastNoticeAt !== null && now - lastNoticeAt < REFUSED_NOTICE_EVERY_MS) return null
  return {
    title: "n8n's webhooks are being refused",
    body: `${refusedWebhooksSaid(refused.count)}: ${refused.lastError ?? 'see the activity log'}. Check the secret in n8n's credential.`,
    click: { kind: 'openList', link: refusedWebhookEvents },
    approvalId: null,
    actions: [],
  }
}
