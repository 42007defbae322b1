import { create } from 'zustand'
import type { QueueItemSummary, QueueStatus } from '../../../shared/schemas/queue'
import type { Services } from '../services/api'
import { latestRead } from './latest-read'
import { useNavigation } from './navigation'
import { pagedStore } from './paged'

export interface QueueFilter {
  status?: QueueItemSummary['status']
  workflowId?: number
  search?: string
}

export const useQueueItems = pagedStore<QueueItemSummary, QueueFilter>({ status: 'failed' }, (services, filter, page, page_size) => services.call('queue.list', { ...filter, page, page_size }))

/** The Webhook queue screen showing exactly this filter (what is not named is cleared). */
export async function openQueue(services: Services, filter: QueueFilter): Promise<void> {
  // There first: a list read after the operator moved on must not take them back.
  useNavigation.getState().go({ screen: 'queue', id: null })
  await useQueueItems.getState().setFilter(services, { status: undefined, workflowId: undefined, search: undefined, ...filter })
}

const readStatus = latestRead()

export const useQueueStatus = create<{ status: QueueStatus | null; error: string | null; load(services: Services): Promise<void> }>()((set) => ({
  status: null,
  error: null,
  async load(services) {
    const isLatest = readStatus()
    try {
      const status = await services.call('queue.status')
      if (isLatest()) set({ status, error: null })
    } catch (error) {
      if (isLatest()) set({ error: (error as Error).message })
    }
  },
}))
