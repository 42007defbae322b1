import { create } from 'zustand'
import type { MethodOutput } from '../../../shared/contract'
import type { Services } from '../services/api'

type Event = MethodOutput<'monitoring.events'>['items'][number]

export interface MonitoringState {
  severity: Event['severity'] | undefined
  /** Events of one workflow only; errors stay across all, since any of them may need the operator. */
  workflowId: number | undefined
  hours: number
  /** Only what the operator did (settings, replays, retries…), or every event. */
  actionsOnly: boolean
  events: Event[]
  errors: Event[]
  error: string | null
  load(services: Services): Promise<void>
  setSeverity(services: Services, severity: Event['severity'] | undefined): Promise<void>
  setHours(services: Services, hours: number): Promise<void>
  setWorkflow(services: Services, workflowId: number | undefined): Promise<void>
  setActionsOnly(services: Services, actionsOnly: boolean): Promise<void>
}

export const useMonitoring = create<MonitoringState>()((set, get) => ({
  severity: undefined,
  workflowId: undefined,
  hours: 24,
  actionsOnly: false,
  events: [],
  errors: [],
  error: null,
  async load(services) {
    try {
      const [events, errors] = await Promise.all([
        services.call('monitoring.events', { severity: get().severity, workflow_id: get().workflowId, event_type: get().actionsOnly ? 'operator_action' : undefined, limit: 500 }),
        services.call('monitoring.errors', { hours: get().hours, limit: 200 }),
      ])
      set({ events: events.items, errors: errors.items, error: null })
    } catch (error) {
      set({ error: (error as Error).message })
    }
  },
  async setSeverity(services, severity) {
    set({ severity })
    await get().load(services)
  },
  async setHours(services, hours) {
    set({ hours })
    await get().load(services)
  },
  async setWorkflow(services, workflowId) {
    set({ workflowId })
    await get().load(services)
  },
  async setActionsOnly(services, actionsOnly) {
    set({ actionsOnly })
    await get().load(services)
  },
}))
