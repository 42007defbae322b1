import { create } from 'zustand'
import type { Services } from '../services/api'
import { latestRead } from './latest-read'

/** A server-side paged, filtered list that grows as the operator scrolls. */
export interface PagedState<T, F> {
  items: T[]
  total: number
  filter: F
  loading: boolean
  error: string | null
  load(services: Services): Promise<void>
  loadMore(services: Services): Promise<void>
  setFilter(services: Services, patch: Partial<F>): Promise<void>
}

export type PageFetcher<T, F> = (services: Services, filter: F, page: number, pageSize: number) => Promise<{ items: T[]; total: number }>

export const PAGE_SIZE = 200
/** A refresh reloads what is loaded, in whole pages, up to this many rows. */
const MAX_REFRESH = 2 * PAGE_SIZE

export function pagedStore<T, F>(initialFilter: F, fetchPage: PageFetcher<T, F>) {
  const read = latestRead()
  return create<PagedState<T, F>>()((set, get) => {
    /** Fetches one page and puts it after the first `keep` rows already loaded. */
    const fetchInto = async (services: Services, page: number, pageSize: number, keep: number) => {
      const isLatest = read()
      set({ loading: true })
      try {
        const result = await fetchPage(services, get().filter, page, pageSize)
        if (!isLatest()) return
        set({ items: [...get().items.slice(0, keep), ...result.items], total: result.total, loading: false, error: null })
      } catch (error) {
        if (isLatest()) set({ loading: false, error: (error as Error).message })
      }
    }
    return {
      items: [],
      total: 0,
      filter: initialFilter,
      loading: false,
      error: null,
      load: (services) => {
        const pages = Math.ceil(Math.max(PAGE_SIZE, get().items.length) / PAGE_SIZE)
        return fetchInto(services, 1, Math.min(MAX_REFRESH, pages * PAGE_SIZE), 0)
      },
      loadMore: async (services) => {
        const { items, total, loading } = get()
        if (loading || items.length >= total) return
        // Whole pages stay; a partly filled last page is fetched again, whole.
        const page = Math.floor(items.length / PAGE_SIZE) + 1
        return fetchInto(services, page, PAGE_SIZE, (page - 1) * PAGE_SIZE)
      },
      setFilter: (services, patch) => {
        set({ filter: { ...get().filter, ...patch }, items: [], total: 0 })
        return fetchInto(services, 1, PAGE_SIZE, 0)
      },
    }
  })
}
