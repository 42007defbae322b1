import { z } from 'zod'
import { approvalListInputSchema } from '../../../shared/schemas/approvals'
import { executionListInputSchema } from '../../../shared/schemas/executions'
import { queueFilterSchema } from '../../../shared/schemas/queue'
import { eventFilterSchema } from '../../../shared/schemas/monitoring'
import { listLink, listScreens, type ListScreen } from '../../../shared/list-links'
import { periods, type Period } from '../lib/periods'
import type { Services } from '../services/api'
import { openApprovals, useApprovals } from './approvals'
import { openExecutions, useExecutions } from './executions'
import { parseRoute, useNavigation } from './navigation'
import { openQueue, useQueueItems } from './queue'
import { openMonitoring, useMonitoring, type MonitoringFilter } from './monitoring'

const period = z.enum(periods.map((p) => p.id) as [Period, ...Period[]]).optional()

/** What each list takes from an address: the core's own filter fields, and the period the window counts back. */
const filterOf = {
  executions: executionListInputSchema
    .pick({ status: true, workflow_id: true, search: true, held_back: true, scheduled: true, not_retried: true, dismissed: true, sort: true })
    .extend({ period })
    .strict(),
  approvals: approvalListInputSchema
    .pick({ status: true, priority: true, workflow_id: true, search: true, expiring_within_minutes: true, n8n_not_told: true })
    .extend({ period })
    .strict(),
  queue: queueFilterSchema.omit({ kind: true }),
  // The events list names its fields as the REST API's does; "operator actions" is the one event type it narrows to.
  monitoring: eventFilterSchema
    .pick({ severity: true, workflow_id: true, search: true })
    .extend({ period, event_type: z.literal('operator_action').optional() })
    .strict()
    .transform(({ workflow_id, event_type, ...rest }): MonitoringFilter => ({ ...rest, workflowId: workflow_id, actionsOnly: event_type !== undefined })),
}

/** A list's opener for the filters its schema takes; null when the address asks for another. */
const opener =
  <T>(schema: z.ZodType<T>, open: (services: Services, filter: T) => Promise<void>) =>
  (services: Services, asked: Record<string, string>): Promise<void> | null => {
    const filter = schema.safeParse(asked)
    return filter.success ? open(services, filter.data) : null
  }

interface List {
  /** Opens the list at the filter an address asks for; null when the list does not take it. */
  open: ReturnType<typeof opener>
  /** The filter the list shows, in the address's words. */
  shown: () => Record<string, string | number | boolean | undefined>
  /** Hears every change to what the list shows. */
  subscribe: (listener: () => void) => () => void
}

const lists: Record<ListScreen, List> = {
  executions: { open: opener(filterOf.executions, openExecutions), shown: () => ({ ...useExecutions.getState().filter }), subscribe: useExecutions.subscribe },
  approvals: { open: opener(filterOf.approvals, openApprovals), shown: () => ({ ...useApprovals.getState().filter }), subscribe: useApprovals.subscribe },
  queue: { open: opener(filterOf.queue, openQueue), shown: () => ({ ...useQueueItems.getState().filter }), subscribe: useQueueItems.subscribe },
  monitoring: {
    open: opener(filterOf.monitoring, openMonitoring),
    shown: () => {
      const { severity, workflowId, search, period, actionsOnly } = useMonitoring.getState()
      return { severity, workflow_id: workflowId, search, period, event_type: actionsOnly ? 'operator_action' : undefined }
    },
    subscribe: useMonitoring.subscribe,
  },
}

const isListScreen = (screen: string): screen is ListScreen => (listScreens as readonly string[]).includes(screen)

/** The address the window shows: the last it followed or wrote. Any other in the address bar is new, still to be followed. */
let settled: string | null = null

/**
 * Follows an address: a list's filter (`#/executions?status=failed`) opens that list showing
 * exactly it; a filter the list does not take, or none, opens the list as it was. Anything
 * else is a plain screen or record.
 */
export async function followLink(services: Services, hash: string): Promise<void> {
  settled = hash
  const route = parseRoute(hash)
  const { go } = useNavigation.getState()
  if (route.query === undefined || !isListScreen(route.screen)) return go(route)
  // The filter the list shows already (its own address written back, or Back from a record): no need to read it again.
  if (hash === listLink(route.screen, lists[route.screen].shown())) return go({ screen: route.screen, id: null })
  const opened = lists[route.screen].open(services, Object.fromEntries(new URLSearchParams(route.query)))
  return opened ?? go({ screen: route.screen, id: null })
}

/**
 * While a list shows no record, its address names its filter (the address is replaced, not
 * added to the history), so a reload or a bookmark brings the same list back.
 */
export function keepListAddresses(): () => void {
  const write = () => {
    const { screen, id } = useNavigation.getState()
    if (id !== null || !isListScreen(screen)) return
    // An address the window has not followed yet (typed, Back, another filter) is left for it to follow.
    if (location.hash !== settled) return
    const link = listLink(screen, lists[screen].shown())
    if (location.hash !== link) history.replaceState(history.state, '', link)
    settled = link
  }
  settled = location.hash
  const stops = [useNavigation.subscribe(write), ...Object.values(lists).map((list) => list.subscribe(write))]
  write()
  return () => stops.forEach((stop) => stop())
}
