import type { ContractApi } from '../../shared/contract'
import { EXPIRY_WARNING_MINUTES } from '../../shared/schemas/approvals'
import { N8N_RUN_FAILURES_READ, type N8nRunFailure } from './n8n-run-notices'
import { FAILED_EXECUTIONS_READ } from './status-notices'
import { type DesktopPreferences, type FailedExecution, type FailedWebhook, type Pausable, type PendingApproval, type TrayState } from './tray-model'

/** Everything the tray and its notices show, read from the core through the same contract the window uses. */
export async function readTrayState(api: ContractApi, preferences: DesktopPreferences, noticesMutedUntil: number | null = null): Promise<TrayState> {
  const [pending, high, expiring, notTaken, settings, queue, backups, failed, health, dashboard, n8nFailed, failedWebhooks] = await Promise.all([
    api['approvals.list']({ status: 'pending', page: 1, page_size: 1 }),
    api['approvals.list']({ status: 'pending', priority: 'high', page: 1, page_size: 50 }),
    api['approvals.list']({ status: 'pending', expiring_within_minutes: EXPIRY_WARNING_MINUTES, page: 1, page_size: 20 }),
    api['approvals.list']({ n8n_not_told: true, page: 1, page_size: 1 }),
    api['settings.get'](undefined),
    api['queue.status'](undefined),
    api['system.backups'](undefined),
    api['executions.list']({ status: 'failed', page: 1, page_size: FAILED_EXECUTIONS_READ }),
    api['health.get'](undefined),
    api['monitoring.dashboard']({ range: '24h' }),
    api['monitoring.events']({ event_type: 'n8n_run_failed', limit: N8N_RUN_FAILURES_READ }),
    api['queue.list']({ status: 'failed', page: 1, page_size: 1 }),
  ])
  const pausable = (key: string, pausedWhen: boolean): Pausable => {
    const entry = settings.entries.find((e) => e.key === key)
    const paused = (entry?.value === true) === pausedWhen
    return entry?.editable === false ? (paused ? 'locked-off' : 'locked-on') : paused ? 'paused' : 'on'
  }
  const highPriority: PendingApproval[] = high.items
    .map((a) => ({ id: a.id, title: a.approval_title, type: a.approval_type, priority: a.priority, createdAt: a.created_at, decided: a.pending_decision?.decision ?? null }))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
  // Decided from the tray (high priority only): no longer waiting for the operator, though still undoable.
  const decidedHere = highPriority.filter((approval) => approval.decided).length
  return {
    pendingCount: pending.total - decidedHere,
    highPriority,
    failedWebhooks: queue.failed,
    newestFailedWebhook: await namedWebhookFailure(api, failedWebhooks.items[0]),
    backupFailure: backups.lastError,
    intakeDown: health.checks.publicListener.status === 'down' ? health.checks.publicListener.detail : null,
    tunnelDown: health.checks.tunnel.status === 'degraded' ? health.checks.tunnel.detail : null,
    notTaken: { count: notTaken.total, firstId: notTaken.items[0]?.id ?? null },
    expiringSoon: expiring.items
      .filter((a) => !a.pending_decision && a.expires_at !== null)
      .map((a) => ({ id: a.id, title: a.approval_title, type: a.approval_type, expiresAt: a.expires_at! }))
      .sort((a, b) => a.expiresAt - b.expiresAt),
    heldWorkflows: dashboard.held_workflows.map((w) => ({ id: w.id, name: w.workflow_name, waiting: w.waiting_calls, reason: w.reason })),
    failingWorkflows: dashboard.failing_workflows
      .filter((w) => !dashboard.held_workflows.some((held) => held.id === w.id))
      .map((w) => ({ id: w.id, name: w.workflow_name, inARow: w.failed_in_a_row })),
    quietWorkflows: dashboard.quiet_workflows.map((w) => ({ id: w.id, name: w.workflow_name, lastHeardAt: w.last_heard_at, everyHours: w.expect_run_every_hours, quietSince: w.quiet_since })),
    slowWorkflows: dashboard.slow_workflows.map((w) => ({ id: w.id, name: w.workflow_name, recentRuns: w.recent_runs, recentSeconds: w.recent_seconds!, usualSeconds: w.usual_seconds! })),
    oldSecretInUse: Boolean(dashboard.previous_secret?.last_used_at),
    aiBudgetSpent: dashboard.ai_budget_spent,
    refusedWebhooks: { count: dashboard.refused_webhooks.count, lastAt: dashboard.refused_webhooks.last_at, lastError: dashboard.refused_webhooks.last_error },
    failedExecutions: await namedFailures(api, failed.items),
    standingFailuresToday: dashboard.failed_not_retried_today,
    n8nRunFailures: await namedRunFailures(api, n8nFailed.items),
    n8nRunsFailedToday: dashboard.n8n_runs_failed_today,
    autoApproval: pausable('AUTO_APPROVAL_ENABLED', false),
    n8nCalls: pausable('N8N_CALLS_PAUSED', true),
    preferences,
    noticesMutedUntil,
  }
}

/** The workflows' names by id (a deleted workflow reads as its number). */
async function workflowNames(api: ContractApi, workflowIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(workflowIds)]
  return new Map(await Promise.all(ids.map(async (id) => [id, await api['workflows.get']({ id }).then((w) => w.workflow_name, () => `workflow #${id}`)] as const)))
}

/** The failed executions with their workflows' names. */
async function namedFailures(api: ContractApi, executions: { id: number; workflow_id: number; error_message: string | null }[]): Promise<FailedExecution[]> {
  const names = await workflowNames(api, executions.map((execution) => execution.workflow_id))
  return executions.map((execution) => ({ id: execution.id, workflow: names.get(execution.workflow_id)!, error: execution.error_message }))
}

/** The newest webhook failed for good, with its workflow's name. */
async function namedWebhookFailure(api: ContractApi, item: { id: number; workflowId: number | null; lastError: string | null } | undefined): Promise<FailedWebhook | null> {
  if (!item) return null
  const names = await workflowNames(api, item.workflowId === null ? [] : [item.workflowId])
  return { id: item.id, workflow: item.workflowId === null ? null : names.get(item.workflowId)!, error: item.lastError }
}

/** Runs that failed in n8n on their own, from their activity-log events, with their workflows' names. */
async function namedRunFailures(api: ContractApi, events: { id: number; workflow_id: number | null; event_data: unknown }[]): Promise<N8nRunFailure[]> {
  const linked = events.filter((event): event is typeof event & { workflow_id: number } => event.workflow_id !== null)
  const names = await workflowNames(api, linked.map((event) => event.workflow_id))
  return linked.map((event) => ({ eventId: event.id, workflowId: event.workflow_id, workflow: names.get(event.workflow_id)!, error: String((event.event_data as { error?: unknown }).error ?? 'failed') }))
}
