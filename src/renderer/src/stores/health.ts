import { create } from 'zustand'
import type { HealthReport } from '../../../shared/schemas/health'
import type { Services } from '../services/api'

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

export const useHealthStore = create<HealthState & HealthActions>()((set) => ({
  ...initialHealthState,
  async refresh(services) {
    set({ loading: true })
    try {
      const report = await services.call('health.get')
      set({ report, loading: false, error: null, lastLoadedAt: Date.now() })
    } catch (error) {
      set({ loading: false, error: (error as Error).message })
    }
  },
}))
