import { create } from 'zustand'
import type { ApprovalStats } from '../../../shared/schemas/approvals'
import type { Dashboard } from '../../../shared/schemas/monitoring'
import type { Services } from '../services/api'
import { latestRead } from './latest-read'

export interface DashboardState {
  range: '24h' | '7d'
  dashboard: Dashboard | null
  approvalStats: ApprovalStats | null
  error: string | null
  load(services: Services): Promise<void>
  setRange(services: Services, range: '24h' | '7d'): Promise<void>
}

const read = latestRead()

export const useDashboard = create<DashboardState>()((set, get) => ({
  range: '24h',
  dashboard: null,
  approvalStats: null,
  error: null,
  async load(services) {
    const isLatest = read()
    try {
      const [dashboard, approvalStats] = await Promise.all([services.call('monitoring.dashboard', { range: get().range }), services.call('approvals.stats')])
      if (isLatest()) set({ dashboard, approvalStats, error: null })
    } catch (error) {
      if (isLatest()) set({ error: (error as Error).message })
    }
  },
  async setRange(services, range) {
    set({ range })
    await get().load(services)
  },
}))
