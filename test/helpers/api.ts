import type { ContractApi } from '../../src/shared/contract'
import { FlowgateError } from '../../src/shared/errors'
import type { HealthReport } from '../../src/shared/schemas/health'
import type { SettingsView } from '../../src/shared/schemas/settings'

export const sampleHealth: HealthReport = {
  status: 'ok',
  version: '0.0.0-test',
  startedAt: '2026-01-01T00:00:00.000Z',
  uptimeSeconds: 5,
  dataDir: '/tmp/flowgate',
  databaseSizeBytes: 4096,
  logFile: null,
  checks: {
    database: { status: 'ok', detail: 'SQLite answers' },
    publicListener: { status: 'ok', detail: 'listening' },
    adminListener: { status: 'ok', detail: 'listening' },
    scheduler: { status: 'ok', detail: 'last run 0 ms late' },
    queue: { status: 'ok', detail: 'empty' },
    disk: { status: 'ok', detail: '10.0 GiB free' },
    n8n: { status: 'ok', detail: 'Connected: n8n has 3 workflow(s) (checked 5 s ago)' },
    tunnel: { status: 'off', detail: 'no tunnel URL set, so it is not checked' },
    backup: { status: 'ok', detail: 'last 2 h ago, next in 22 h' },
    alerts: { status: 'off', detail: 'no alert address set' },
  },
}

const notCanned = async (): Promise<never> => {
  throw new FlowgateError('unavailable', 'not canned in this test')
}

export const emptySettings: SettingsView = { entries: [], secretStorage: 'plaintext', adminAccess: { url: 'http://127.0.0.1:8788', token: 'canned-token' }, webhookBaseUrl: 'http://127.0.0.1:8787', previousWebhookSecretUntil: null }

/** A contract implementation with canned answers, for testing the doors around the core. */
export function cannedApi(overrides: Partial<ContractApi> = {}): ContractApi {
  return {
    'health.get': async () => sampleHealth,
    'settings.get': async () => emptySettings,
    'settings.update': async () => emptySettings,
    'settings.rotateWebhookSecret': notCanned,
    'settings.endWebhookSecretGrace': notCanned,
    'queue.status': notCanned,
    'queue.list': notCanned,
    'queue.export': notCanned,
    'queue.get': notCanned,
    'queue.replay': notCanned,
    'queue.replayMany': notCanned,
    'queue.delete': notCanned,
    'queue.deleteMany': notCanned,
    'workflows.list': notCanned,
    'workflows.get': notCanned,
    'workflows.create': notCanned,
    'workflows.update': notCanned,
    'workflows.delete': notCanned,
    'workflows.stats': notCanned,
    'workflows.trigger': notCanned,
    'executions.list': notCanned,
    'executions.get': notCanned,
    'executions.cancel': notCanned,
    'executions.retry': notCanned,
    'executions.sendNow': notCanned,
    'executions.sendNowMany': notCanned,
    'executions.dismiss': notCanned,
    'executions.dismissMany': notCanned,
    'executions.reschedule': notCanned,
    'executions.retryMany': notCanned,
    'executions.cancelMany': notCanned,
    'executions.export': notCanned,
    'n8n.testConnection': notCanned,
    'n8n.template': notCanned,
    'n8n.nodes': notCanned,
    'n8n.installTemplate': notCanned,
    'n8n.workflows': notCanned,
    'approvals.list': notCanned,
    'approvals.get': notCanned,
    'approvals.decide': notCanned,
    'approvals.bulk': notCanned,
    'approvals.undo': notCanned,
    'approvals.resend': notCanned,
    'approvals.extend': notCanned,
    'approvals.precedents': notCanned,
    'approvals.stats': notCanned,
    'approvals.tryRules': notCanned,
    'approvals.export': notCanned,
    'monitoring.export': notCanned,
    'monitoring.events': notCanned,
    'monitoring.errors': notCanned,
    'monitoring.dashboard': notCanned,
    'system.backup': notCanned,
    'system.backups': notCanned,
    'system.storage': notCanned,
    'system.rotateAdminToken': notCanned,
    'system.testTunnel': notCanned,
    'system.testAlert': notCanned,
    'system.detectTunnels': notCanned,
    ...overrides,
  }
}
