/**
 * Addresses of the console's filtered lists, such as `#/executions?status=failed&period=today`:
 * what the tray and the dashboard open, read back by the window as the list's filter. The
 * window checks each filter it is given (stores/list-links.ts), so an address only ever
 * narrows a list.
 */
export const listScreens = ['executions', 'approvals', 'queue', 'monitoring'] as const
export type ListScreen = (typeof listScreens)[number]

type FilterValue = string | number | boolean | undefined

export function listLink(screen: ListScreen, filter: Record<string, FilterValue>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(filter)) if (value !== undefined && value !== '') query.set(name, String(value))
  const text = query.toString()
  return text ? `#/${screen}?${text}` : `#/${screen}`
}

/** Failures since midnight no later attempt retried and none dismissed: the ones still to deal with. */
export const standingFailuresToday = listLink('executions', { status: 'failed', period: 'today', not_retried: true })

export const pendingApprovals = listLink('approvals', { status: 'pending' })

export const approvalsExpiringWithin = (minutes: number) => listLink('approvals', { status: 'pending', expiring_within_minutes: minutes })

export const highPriorityApprovals = listLink('approvals', { status: 'pending', priority: 'high' })

/** The activity log narrowed to events that say `search` (an event type, a lead, an error). */
export const eventsSaying = (search: string) => listLink('monitoring', { search })

/** Webhooks the public door refused: who sent them, when and why. */
export const refusedWebhookEvents = eventsSaying('webhook_rejected')

/** Webhooks the public door answered 503 because they could not be stored (a full disk, a locked database). */
export const unstoredWebhookEvents = eventsSaying('webhook_not_stored')

/** Runs of linked workflows that failed in n8n without Flowgate starting them (a schedule, n8n's own webhook). */
export const n8nRunFailureEvents = eventsSaying('n8n_run_failed')
