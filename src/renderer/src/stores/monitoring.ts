import { create } from 'zustand'
import type { MethodInput, MethodOutput } from '../../../shared/contract'
import type { Services } from '../services/api'
import { sinceOf, type Period } from '../lib/periods'
import { useNavigation } from './navigation'

type Event = MethodOutput<'monitoring.events'>['items'][number]

/** Events read per page: the newest first, older ones page by page. */
export const EVENTS_PAGE = 200

export interface MonitoringState {
  severity: Event['severity'] | undefined
  /** Events of one workflow only; errors stay across all, since any of them may need the operator. */
  workflowId: number | undefined
  hours: number
  /** Only what the operator did (settings, replays, retries…), or every event. */
  actionsOnly: boolean
  /** Words the events shown must contain (in their name or what they say). */
  search: string | undefined
  /** Events within this period only, counted back from each read. */
  period: Period | undefined
  events: Event[]
  /** Where the older events go on; null when every match is shown. */
  next: string | null
  /** The newest event in the log when the list was last read; a refresh asks only for what came after it. */
  latest: string | null
  /** A first page or an older one is being read (a search over a long log takes a moment). */
  loading: boolean
  errors: Event[]
  error: string | null
  /** The first page, or, once read, only what was recorded since (what was paged in stays). */
  load(services: Services): Promise<void>
  loadOlder(services: Services): Promise<void>
  setSeverity(services: Services, severity: Event['severity'] | undefined): Promise<void>
  setHours(services: Services, hours: number): Promise<void>
  setWorkflow(services: Services, workflowId: number | undefined): Promise<void>
  setActionsOnly(services: Services, actionsOnly: boolean): Promise<void>
  setSearch(services: Services, search: string | undefined): Promise<void>
  setPeriod(services: Services, period: Period | undefined): Promise<void>
  /** Exactly these events: what is not named is cleared (the errors' range stays). */
  show(services: Services, filter: MonitoringFilter): Promise<void>
}

/** What narrows the events shown. */
export type MonitoringFilter = Partial<Pick<MonitoringState, 'severity' | 'workflowId' | 'actionsOnly' | 'search' | 'period'>>

/** The events filter as the core takes it (export included): the period as the moment it starts now. */
export function eventQuery(state: Pick<MonitoringState, 'severity' | 'workflowId' | 'actionsOnly' | 'search' | 'period'>) {
  return {
    severity: state.severity,
    workflow_id: state.workflowId,
    event_type: state.actionsOnly ? ('operator_action' as const) : undefined,
    search: state.search,
    since: sinceOf(state.period),
  }
}

export const useMonitoring = create<MonitoringState>()((set, get) => {
  /** Answers to a filter that has changed since they were asked for are dropped. */
  let generation = 0
  const query = (): MethodInput<'monitoring.events'> => ({ ...eventQuery(get()), limit: EVENTS_PAGE })
  const run = async (services: Services, read: (mine: number) => Promise<void>) => {
    const mine = generation
    try {
      await read(mine)
    } catch (error) {
      if (mine === generation) set({ loading: false, error: (error as Error).message })
    }
  }
  const newer = (services: Services, latest: string) =>
    run(services, async (mine) => {
      const page = await services.call('monitoring.events', { ...query(), after: latest })
      if (mine !== generation) return
      // A full page may leave a gap before what is shown: start over from it.
      if (page.items.length === EVENTS_PAGE) return set({ events: page.items, next: page.next, latest: page.latest, error: null })
      const shown = new Set(get().events.map((e) => e.id))
      set({ events: [...page.items.filter((e) => !shown.has(e.id)), ...get().events], latest: page.latest, error: null })
    })
  let readingFirst = false
  const firstPage = (services: Services) => {
    generation += 1
    readingFirst = true
    set({ events: [], next: null, latest: null, loading: true })
    return run(services, async (mine) => {
      const page = await services.call('monitoring.events', query())
      if (mine !== generation) return
      readingFirst = false
      set({ events: page.items, next: page.next, latest: page.latest, loading: false, error: null })
    })
  }
  const loadErrors = (services: Services) =>
    run(services, async () => {
      const errors = await services.call('monitoring.errors', { hours: get().hours, limit: 200 })
      set({ errors: errors.items })
    })
  const refilter = (services: Services) => Promise.all([firstPage(services), loadErrors(services)]).then(() => undefined)

  return {
    severity: undefined,
    workflowId: undefined,
    hours: 24,
    actionsOnly: false,
    search: undefined,
    period: undefined,
    events: [],
    next: null,
    latest: null,
    loading: false,
    errors: [],
    error: null,
    async load(services) {
      const latest = get().latest
      // Until a first page is in, there is nothing to add to: it is read (again).
      const events = latest && !readingFirst ? newer(services, latest) : firstPage(services)
      await Promise.all([events, loadErrors(services)])
    },
    async loadOlder(services) {
      const { next, loading } = get()
      if (!next || loading) return
      set({ loading: true })
      await run(services, async (mine) => {
        const page = await services.call('monitoring.events', { ...query(), before: next })
        if (mine === generation) set({ events: [...get().events, ...page.items], next: page.next, loading: false, error: null })
      })
    },
    setSeverity: (services, severity) => (set({ severity }), refilter(services)),
    setHours: (services, hours) => (set({ hours }), loadErrors(services)),
    setWorkflow: (services, workflowId) => (set({ workflowId }), refilter(services)),
    setActionsOnly: (services, actionsOnly) => (set({ actionsOnly }), refilter(services)),
    setSearch: (services, search) => (set({ search }), refilter(services)),
    setPeriod: (services, period) => (set({ period }), refilter(services)),
    show: (services, filter) => (set({ severity: undefined, workflowId: undefined, actionsOnly: false, search: undefined, period: undefined, ...filter }), refilter(services)),
  }
})

/** The Monitoring screen showing exactly these events: a severity, an actions-only view or an earlier period set before is cleared. */
export async function openMonitoring(services: Services, filter: MonitoringFilter): Promise<void> {
  useNavigation.getState().go({ screen: 'monitoring', id: null })
  await useMonitoring.getState().show(services, filter)
}
