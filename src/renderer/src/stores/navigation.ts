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
  /** A list's filter as the address names it (`status=failed&period=today`). */
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

/** The same screen and record: a list's address differs from its route only by the filter it names. */
const sameRoute = (a: Route, b: Route) => a.screen === b.screen && a.id === b.id

const initial = parseRoute(typeof location === 'undefined' ? '' : location.hash)

/** Where the window is: a screen and its open record (a list's filter lives in the list's own store). */
export const useNavigation = create<Route & { go(route: Route): void }>()((set) => ({
  screen: initial.screen,
  id: initial.id,
  go(route) {
    if (typeof location !== 'undefined' && !sameRoute(parseRoute(location.hash), route)) location.hash = routeHash(route)
    set({ screen: route.screen, id: route.id })
  },
}))
