import type { ContractApi } from '../../shared/contract'
import { type DesktopPreferences, type PendingApproval, type TrayState } from './tray-model'

/** What the tray needs from the core (approvals, the auto-approval switch, failed webhooks and backups), read through the same contract the window uses. */
export async function readTrayState(api: ContractApi, preferences: DesktopPreferences): Promise<TrayState> {
  const [pending, high, settings, queue, backups] = await Promise.all([
    api['approvals.list']({ status: 'pending', page: 1, page_size: 1 }),
    api['approvals.list']({ status: 'pending', priority: 'high', page: 1, page_size: 50 }),
    api['settings.get'](undefined),
    api['queue.status'](undefined),
    api['system.backups'](undefined),
  ])
  const auto = settings.entries.find((entry) => entry.key === 'AUTO_APPROVAL_ENABLED')
  const enabled = auto?.value === true
  const highPriority: PendingApproval[] = high.items
    .map((a) => ({ id: a.id, title: a.approval_title, type: a.approval_type, priority: a.priority, createdAt: a.created_at }))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
  return {
    pendingCount: pending.total,
    highPriority,
    failedWebhooks: queue.failed,
    backupFailure: backups.lastError,
    autoApproval: auto?.editable === false ? (enabled ? 'locked-on' : 'locked-off') : enabled ? 'on' : 'paused',
    preferences,
  }
}
