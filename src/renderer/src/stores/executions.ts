import { create } from 'zustand'
import type { Execution, ExecutionSort } from '../../../shared/schemas/executions'
import type { MethodOutput } from '../../../shared/contract'
import type { Services } from '../services/api'
import { sinceOf, type Period } from '../lib/periods'
import { useNavigation } from './navigation'
import { pagedStore } from './paged'
import { latestRead } from './latest-read'

export interface ExecutionFilter {
  status?: Execution['status']
  workflow_id?: number
  search?: string
  /** Created within this period, counted back from each read (so "last hour" stays the last hour). */
  period?: Period
  /** Only those Flowgate holds back from n8n: waiting on a limit of their workflow, or on its held calls. */
  held_back?: boolean
  /** Only those scheduled for later and not sent yet. */
  scheduled?: boolean
  /** Only those no later attempt retried, none dismissed. */
  not_retried?: boolean
  /** Only failures dismissed as needing no retry. */
  dismissed?: boolean
  /** The list's order (not a filter: exports and acting on those shown leave it out). */
  sort?: ExecutionSort
}

/** The filter as the core takes it: the period as the moment it starts now, the order left to the list. */
export const executionQuery = ({ period, sort: _order, ...rest }: ExecutionFilter) => ({ ...rest, since: sinceOf(period) })

export const useExecutions = pagedStore<Execution, ExecutionFilter>({}, (services, filter, page, page_size) =>
  services.call('executions.list', { ...executionQuery(filter), sort: filter.sort, page, page_size }),
)

/** The Executions screen showing exactly this filter (what is not named is cleared). */
export async function openExecutions(services: Services, filter: ExecutionFilter): Promise<void> {
  // There first: a list read after the operator moved on must not take them back.
  useNavigation.getState().go({ screen: 'executions', id: null })
  await useExecutions.getState().setFilter(services, { status: undefined, workflow_id: undefined, search: undefined, period: undefined, held_back: undefined, scheduled: undefined, not_retried: undefined, dismissed: undefined, sort: undefined, ...filter })
}

type Detail = MethodOutput<'executions.get'>

export interface ExecutionDetailState {
  detail: Detail | null
  /** The execution asked for last: shown once its read lands (a push reloads this one, not the one still shown). */
  openedId: number | null
  error: string | null
  open(services: Services, id: number): Promise<void>
  act(services: Services, action: 'retry' | 'cancel' | 'sendNow'): Promise<void>
  /** The open execution retried with its input changed first; false (the error shown) when refused. */
  retryWithChanges(services: Services, input: Record<string, unknown>): Promise<boolean>
  /** The open execution sent to n8n at another moment; false (the error shown) when refused. */
  reschedule(services: Services, sendAt: number): Promise<boolean>
  /** The open failure dismissed as needing no retry, or brought back among those to look at. */
  dismiss(services: Services, dismissed: boolean): Promise<boolean>
}

/** Opening a row and the pushes that follow each read the detail: only the latest read's answer shows. */
const readDetail = latestRead()

export const useExecutionDetail = create<ExecutionDetailState>()((set) => ({
  detail: null,
  openedId: null,
  error: null,
  async open(services, id) {
    set({ openedId: id })
    const isLatest = readDetail()
    try {
      const detail = await services.call('executions.get', { id })
      if (isLatest()) set({ detail, error: null })
    } catch (error) {
      if (isLatest()) set({ error: (error as Error).message })
    }
  },
  act: (services, action) => change(services, (id) => services.call(`executions.${action}`, { id })).then(() => undefined),
  retryWithChanges: (services, input) => change(services, (id) => services.call('executions.retry', { id, input_data: input })),
  reschedule: (services, sendAt) => change(services, (id) => services.call('executions.reschedule', { id, send_at: sendAt })),
  dismiss: (services, dismissed) => change(services, (id) => services.call('executions.dismiss', { id, dismissed })),
}))

/** A call that changes the open execution: its answer shows, and the list reloads. */
async function change(services: Services, call: (id: number) => Promise<Detail>): Promise<boolean> {
  const current = useExecutionDetail.getState().detail
  if (!current) return false
  const isLatest = readDetail()
  try {
    const result = await call(current.id)
    if (isLatest()) useExecutionDetail.setState({ detail: result, openedId: result.id, error: null })
    await useExecutions.getState().load(services)
    return true
  } catch (error) {
    if (isLatest()) useExecutionDetail.setState({ error: (error as Error).message })
    return false
  }
}
