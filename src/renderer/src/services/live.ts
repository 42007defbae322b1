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

/** Each store's reload, once: several pushes may make the same store stale. */
const reload = {
  approvals: (s) => useApprovals.getState().load(s),
  dashboard: (s) => useDashboard.getState().load(s),
  workflows: (s) => useWorkflows.getState().load(s),
  workflowNames: (s) => useWorkflowNames.getState().load(s),
  executions: (s) => useExecutions.getState().load(s),
  // The one being opened, if a row was just chosen: re-reading the one still shown would undo that choice.
  openExecution: async (s) => {
    const { openedId } = useExecutionDetail.getState()
    if (openedId !== null) await useExecutionDetail.getState().open(s, openedId)
  },
  monitoring: (s) => useMonitoring.getState().load(s),
  queueItems: (s) => useQueueItems.getState().load(s),
  queueStatus: (s) => useQueueStatus.getState().load(s),
  settings: (s) => useSettings.getState().load(s),
  backups: (s) => useBackups.getState().load(s),
  health: (s) => useHealthStore.getState().refresh(s),
} satisfies Record<string, Refresh>

/** Which stores a push makes stale. */
const refreshers: Record<PushEventName, Refresh[]> = {
  // A decision may add a call to n8n, which a workflow holding its calls counts as waiting.
  'approvals.changed': [reload.approvals, reload.dashboard, reload.workflows],
  // Each workflow's run count is part of its row.
  'executions.changed': [reload.executions, reload.workflows, reload.dashboard, reload.monitoring, reload.openExecution],
  // A retry or a dead letter is also a monitoring event, and a dead letter counts among the dashboard's errors.
  'queue.changed': [reload.queueItems, reload.queueStatus, reload.monitoring, reload.dashboard],
  // A workflow's expectation or switch moves whether the dashboard lists it as quiet.
  'workflows.changed': [reload.workflows, reload.workflowNames, reload.dashboard],
  // The AI budget is a setting, and the dashboard says when it is spent.
  'settings.changed': [reload.settings, reload.backups, reload.dashboard],
  'health.changed': [reload.health],
  // A backup's start and end: the list, and the health row that reports the last one.
  'backups.changed': [reload.backups, reload.health],
  // The activity log and the dashboard's error count, for events no other push announces.
  'monitoring.changed': [reload.monitoring, reload.dashboard],
}

/** Everything the console shows: loaded at start, and again whenever the push stream (re)connects. */
export const loadAll = (services: Services) => Promise.all(Object.values(reload).map((refresh) => refresh(services)))

/**
 * Keeps every store live: pushes are coalesced per store (a bulk decision sends a thousand,
 * and an activity burst sends queue, execution and monitoring pushes together), so each store
 * reloads at most every `delayMs`.
 */
export function followPushes(services: Services, delayMs = 250): () => void {
  const timers = new Map<Refresh, ReturnType<typeof setTimeout>>()
  const unsubscribe = services.onPush(
    (message) => {
      for (const refresh of refreshers[message.name]) {
        if (timers.has(refresh)) continue
        timers.set(
          refresh,
          setTimeout(() => {
            timers.delete(refresh)
            void refresh(services)
          }, delayMs),
        )
      }
    },
    // Changes made before the stream was (re)established were never pushed: read everything again.
    () => void loadAll(services),
  )
  return () => {
    unsubscribe()
    timers.forEach(clearTimeout)
  }
}
