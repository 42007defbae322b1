import type { PushEventName } from '../../../shared/contract'
import { useApprovals } from '../stores/approvals'
import { useBackups } from '../stores/backups'
import { useDashboard } from '../stores/dashboard'
import { useExecutionDetail, useExecutions } from '../stores/executions'
import { useHealthStore } from '../stores/health'
import { useMonitoring } from '../stores/monitoring'
import { useQueueItems, useQueueStatus } from '../stores/queue'
import { useSettings } from '../stores/settings'
import { useWorkflowNames } from '../stores/workflow-names'
import { useWorkflows } from '../stores/workflows'
import type { Services } from './api'

type Refresh = (services: Services) => Promise<void>

/** Which stores a push makes stale. */
const refreshers: Record<PushEventName, Refresh[]> = {
  // A decision may add a call to n8n, which a workflow holding its calls counts as waiting.
  'approvals.changed': [(s) => useApprovals.getState().load(s), (s) => useDashboard.getState().load(s), (s) => useWorkflows.getState().load(s)],
  'executions.changed': [
    (s) => useExecutions.getState().load(s),
    // Each workflow's run count is part of its row.
    (s) => useWorkflows.getState().load(s),
    (s) => useDashboard.getState().load(s),
    (s) => useMonitoring.getState().load(s),
    async (s) => {
      const open = useExecutionDetail.getState().detail
      if (open) await useExecutionDetail.getState().open(s, open.id)
    },
  ],
  // A retry or a dead letter is also a monitoring event, and a dead letter counts among the dashboard's errors.
  'queue.changed': [
    (s) => useQueueItems.getState().load(s),
    (s) => useQueueStatus.getState().load(s),
    (s) => useMonitoring.getState().load(s),
    (s) => useDashboard.getState().load(s),
  ],
  'workflows.changed': [(s) => useWorkflows.getState().load(s), (s) => useWorkflowNames.getState().load(s)],
  'settings.changed': [(s) => useSettings.getState().load(s), (s) => useBackups.getState().load(s)],
  'health.changed': [(s) => useHealthStore.getState().refresh(s)],
  // A backup's start and end: the list, and the health row that reports the last one.
  'backups.changed': [(s) => useBackups.getState().load(s), (s) => useHealthStore.getState().refresh(s)],
  // The activity log and the dashboard's error count, for events no other push announces.
  'monitoring.changed': [(s) => useMonitoring.getState().load(s), (s) => useDashboard.getState().load(s)],
}

/** Everything the console shows: loaded at start, and again whenever the push stream (re)connects. */
export const loadAll = (services: Services) => Promise.all(Object.values(refreshers).flat().map((refresh) => refresh(services)))

/**
 * Keeps every store live: pushes are coalesced per event name (a bulk decision sends a
 * thousand), so each store reloads at most every `delayMs`.
 */
export function followPushes(services: Services, delayMs = 250): () => void {
  const timers = new Map<PushEventName, ReturnType<typeof setTimeout>>()
  const unsubscribe = services.onPush(
    (message) => {
      if (timers.has(message.name)) return
      timers.set(
        message.name,
        setTimeout(() => {
          timers.delete(message.name)
          for (const refresh of refreshers[message.name]) void refresh(services)
        }, delayMs),
      )
    },
    // Changes made before the stream was (re)established were never pushed: read everything again.
    () => void loadAll(services),
  )
  return () => {
    unsubscribe()
    timers.forEach(clearTimeout)
  }
}
