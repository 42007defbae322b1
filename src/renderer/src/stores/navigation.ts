import { create } from 'zustand'

export const screens = ['dashboard', 'approvals', 'executions', 'workflows', 'queue', 'monitoring', 'settings'] as const
export type Screen = (typeof screens)[number]

export const screenTitles: Record<Screen, string> = {
  dashboard: 'Dashboard',
  approvals: 'Approvals',
  executions: 'Executions',
  workflows: 'Workflows',
  queue: 'Webhook queue',
  monitoring: 'Monitoring',
  settings: 'Settings',
}

export interface Route {
  screen: Screen
  /** The record opened on that screen, if any. */
  id: number | null
  /** A list's filter as the address gave it (`status=failed&period=today`), applied once, then dropped. */
  query?: string
}

/**
 * `#/approvals/12` → the approvals screen with approval 12 open; `#/executions?status=failed`
 * → the executions screen and the filter asked for; anything else → the dashboard.
 */
export function parseRoute(hash: string): Route {
  const [, screen, id, query] = /^#\/([a-z]+)(?:\/(\d+))?(?:\?(.*))?$/.exec(hash) ?? []
  const known = (screens as readonly string[]).includes(screen ?? '') ? (screen as Screen) : 'dashboard'
  const route: Route = { screen: known, id: known === screen && id ? Number(id) : null }
  return known === screen && query ? { ...route, query } : route
}

export const routeHash = (route: Route): string => `#/${route.screen}${route.id ? `/${route.id}` : ''}`

export const useNavigation = create<Route & { go(route: Route): void }>()((set) => ({
  ...parseRoute(typeof location === 'undefined' ? '' : location.hash),
  go(route) {
    if (typeof location !== 'undefined' && location.hash !== routeHash(route)) location.hash = routeHash(route)
    set(route)
  },
}))
