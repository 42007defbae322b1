/** The stretches of time a list can be narrowed to, counted back from now when the list is read. */
export const periods = [
  { id: 'hour', label: 'Last hour' },
  { id: 'today', label: 'Today' },
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
] as const

export type Period = (typeof periods)[number]['id']

const HOUR = 3_600_000

/** Where a period starts (ms), for a `since` filter; today is since local midnight. */
export function sinceOf(period: Period | undefined, now = Date.now()): number | undefined {
  if (period === undefined) return undefined
  if (period === 'today') return new Date(now).setHours(0, 0, 0, 0)
  return now - { hour: 1, '24h': 24, '7d': 7 * 24, '30d': 30 * 24 }[period] * HOUR
}
