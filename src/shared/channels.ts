/**
 * Method and event names as plain data, with no runtime imports, so the sandboxed
 * preload can bundle them without zod. contract.ts pins the schemas to these names.
 */
export const methodNames = [
  'health.get',
  'settings.get',
  'settings.update',
  'settings.rotateWebhookSecret',
  'settings.endWebhookSecretGrace',
  'queue.status',
  'queue.list',
  'queue.export',
  'queue.get',
  'queue.replay',
  'queue.replayMany',
  'queue.delete',
  'queue.deleteMany',
  'workflows.list',
  'workflows.get',
  'workflows.create',
  'workflows.update',
  'workflows.delete',
  'workflows.stats',
  'workflows.trigger',
  'executions.list',
  'executions.get',
  'executions.cancel',
  'executions.retry',
  'executions.sendNow',
  'executions.reschedule',
  'executions.retryMany',
  'executions.cancelMany',
  'executions.sendNowMany',
  'executions.dismiss',
  'executions.dismissMany',
  'executions.export',
  'n8n.testConnection',
  'n8n.template',
  'n8n.nodes',
  'n8n.installTemplate',
  'n8n.workflows',
  'approvals.list',
  'approvals.get',
  'approvals.decide',
  'approvals.bulk',
  'approvals.undo',
  'approvals.resend',
  'approvals.extend',
  'approvals.precedents',
  'approvals.stats',
  'approvals.tryRules',
  'approvals.export',
  'monitoring.export',
  'monitoring.events',
  'monitoring.errors',
  'monitoring.dashboard',
  'system.backup',
  'system.backups',
  'system.storage',
  'system.rotateAdminToken',
  'system.testTunnel',
  'system.testAlert',
  'system.detectTunnels',
] as const
export type MethodName = (typeof methodNames)[number]

export const pushEventNames = ['settings.changed', 'health.changed', 'queue.changed', 'workflows.changed', 'executions.changed', 'approvals.changed', 'backups.changed', 'monitoring.changed'] as const
export type PushEventName = (typeof pushEventNames)[number]

export const ipcInvokeChannel = (method: MethodName): string => `flowgate:call:${method}`
export const ipcPushChannel = 'flowgate:push'
/** Main → window: open a screen (`#/approvals/12`), from the tray, a notification or the menu. */
export const ipcNavigateChannel = 'flowgate:navigate'
/** Sent on that channel instead of a screen: open Find anything over the open screen. */
export const findAnythingHash = '#find'

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (methodNames as readonly string[]).includes(value)
}
