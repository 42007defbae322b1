import { create } from 'zustand'
import type { HealthReport } from '../../../shared/schemas/health'
import type { Services } from '../services/api'
import { latestRead } from './latest-read'

export interface HealthState {
  report: HealthReport | null
  loading: boolean
  error: string | null
  lastLoadedAt: number | null
}

export const initialHealthState: HealthState = { report: null, loading: false, error: null, lastLoadedAt: null }

export interface HealthActions {
  refresh(services: Services): Promise<void>
}

const read = latestRead()

export const useHealthStore = create<HealthState & HealthActions>()((set) => ({
  ...initialHealthState,
  async refresh(services) {
    const isLatest = read()
    set({ loading: true })
    try {
      const report = await services.call('health.get')
      if (isLatest()) set({ report, loading: false, error: null, lastLoadedAt: Date.now() })
    } catch (error) {
      if (isLatest()) set({ loading: false, error: (error as Error).message })
    }
  },
}))
