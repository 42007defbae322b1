import type { ContractApi } from '../../shared/contract'
import type { SettingsService, StoredSettingsView } from './settings'
import type { HealthReport } from '../../shared/schemas/health'
import type { SettingsView } from '../../shared/schemas/settings'
import type { QueueService } from './queue/queue-service'
import type { QueueFilter } from './queue/queue-store'
import type { WorkflowService } from './workflows/workflow-service'
import type { ExecutionService } from './executions/execution-service'
import type { ExecutionQueries } from './executions/execution-queries'
import type { ExecutionControl } from './executions/execution-control'
import type { ApprovalService } from './approvals/approval-service'
import type { Approval, ApprovalPrecedents, ApprovalStats } from '../../shared/schemas/approvals'
import type { RulesTrial } from '../../shared/schemas/auto-rules'
import type { StorageReport } from '../../shared/schemas/storage'
import type { ProposedRules } from './approvals/rules-trial'
import type { MonitoringQueries } from './monitoring-queries'
import type { Backups } from './backups'
import type { CsvExport } from '../../shared/schemas/exports'
import type { ExecutionFilter } from './executions/execution-queries'
import type { ApprovalFilter } from './approvals/approval-filter'
import type { EventFilter } from './monitoring-queries'
import type { Dashboard } from '../../shared/schemas/monitoring'
import { n8nClientFrom } from './n8n/n8n-client'
import { rotateWebhookSecret, type PreviousWebhookSecret } from './previous-webhook-secret'
import { listN8nWorkflows } from './n8n/n8n-workflows'
import { testN8nConnection } from './n8n/test-connection'
import { runningTunnels } from './n8n/tunnel-detect'
import { testTunnel } from './n8n/tunnel-test'
import type { TemplateInstall } from '../../shared/schemas/n8n'
import { buildTemplate, type TemplateName } from './templates/n8n-templates'
import { buildNodeKit } from './templates/n8n-node-kits'
import type { AlertForwarder } from './alerts/alert-forwarder'

export interface ApiDeps {
  settings: SettingsService
  health: () => HealthReport
  queue: QueueService
  workflows: WorkflowService
  executions: ExecutionService
  executionQueries: ExecutionQueries
  executionControl: ExecutionControl
  /** The URL n8n reaches this Flowgate at: the tunnel's, else the public listener's. */
  publicUrl: () => string
  /** The public listener on this computer (what a tunnel forwards to), once listening. */
  publicListener: () => string | null
  approvals: ApprovalService
  approvalStats: () => ApprovalStats
  /** Proposed auto-approval rules tried on past decisions, beside those in force. */
  tryRules: (proposed: ProposedRules, limit: number) => RulesTrial
  /** How requests like an approval were decided before it. */
  approvalPrecedents: (approval: Approval) => ApprovalPrecedents
  monitoring: MonitoringQueries
  backups: Backups
  /** What takes the database's space, measured on a thread of its own. */
  storage: () => Promise<StorageReport>
  /** Every row a list's filter matches, as CSV. */
  exports: { executions(filter: ExecutionFilter): Promise<CsvExport>; approvals(filter: ApprovalFilter): Promise<CsvExport>; events(filter: EventFilter): Promise<CsvExport>; webhooks(filter: QueueFilter): Promise<CsvExport> }
  now: () => number
  dashboard: (range: '24h' | '7d') => Dashboard
  adminAccess: () => SettingsView['adminAccess']
  /** Replaces the admin token; browsers holding the old one are signed out. */
  rotateAdminToken: () => void
  installTemplate: (input: { name: TemplateName; workflow_id: number }) => Promise<TemplateInstall>
  /** The global webhook secret a rotation replaced, while it is still accepted. */
  previousWebhookSecret: PreviousWebhookSecret
  alerts: AlertForwarder
}

/** The core's implementation of the contract: every door calls exactly these functions. */
export function createApi(deps: ApiDeps): ContractApi {
  /** The stored settings plus how to reach this Flowgate, which only the running core knows. */
  const withAccess = (view: StoredSettingsView): SettingsView => ({
    ...view,
    adminAccess: deps.adminAccess(),
    webhookBaseUrl: deps.publicUrl(),
    previousWebhookSecretUntil: deps.previousWebhookSecret.until(),
  })
  return {
    'health.get': async () => deps.health(),
    'settings.get': async () => withAccess(deps.settings.view()),
    'settings.update': async (input) => withAccess(deps.settings.update(input)),
    'settings.rotateWebhookSecret': async (input) => rotateWebhookSecret(deps.settings, deps.previousWebhookSecret, deps.now(), input?.grace_hours ?? 24),
    'settings.endWebhookSecretGrace': async () => (deps.previousWebhookSecret.end(), withAccess(deps.settings.view())),
    'queue.status': async () => deps.queue.status(),
    'queue.list': async (input) => deps.queue.list(input),
    'queue.export': async (filter) => deps.exports.webhooks(filter ?? {}),
    'queue.get': async ({ id }) => deps.queue.get(id),
    'queue.replay': async ({ id, payload }) => deps.queue.replay(id, payload),
    'queue.replayMany': async (input) => deps.queue.replayMany(input),
    'queue.deleteMany': async (input) => deps.queue.deleteMany(input),
    'queue.delete': async ({ id }) => deps.queue.delete(id),
    'workflows.list': async (input) => deps.workflows.list(input),
    'workflows.get': async ({ id }) => deps.workflows.get(id),
    'workflows.create': async (input) => deps.workflows.create(input),
    'workflows.update': async ({ id, changes }) => deps.workflows.update(id, changes),
    'workflows.delete': async ({ id }) => deps.workflows.delete(id),
    'workflows.stats': async ({ id }) => deps.workflows.stats(id),
    'workflows.trigger': async ({ id, trigger_event, trigger_source, input_data, send_at }) => {
      const { id: executionId } = deps.executions.create({ workflowId: id, triggerEvent: trigger_event, triggerSource: trigger_source, inputData: input_data, sendAt: send_at })
      return deps.executionQueries.get(executionId)
    },
    'executions.list': async (input) => deps.executionQueries.list(input),
    'executions.get': async ({ id }) => deps.executionQueries.get(id),
    'executions.cancel': async ({ id }) => {
      deps.executionControl.cancel(id)
      return deps.executionQueries.get(id)
    },
    'executions.retry': async ({ id, input_data }) => deps.executionQueries.get(deps.executionControl.retry(id, input_data)),
    'executions.reschedule': async ({ id, send_at }) => {
      deps.executionControl.reschedule(id, send_at)
      return deps.executionQueries.get(id)
    },
    'executions.sendNow': async ({ id }) => {
      deps.executionControl.sendNow(id)
      return deps.executionQueries.get(id)
    },
    'executions.retryMany': async (input) => deps.executionControl.retryMany(input),
    'executions.cancelMany': async (input) => deps.executionControl.cancelMany(input),
    'executions.sendNowMany': async (input) => deps.executionControl.sendNowMany(input),
    'executions.dismiss': async ({ id, dismissed }) => {
      deps.executionControl.dismiss(id, dismissed)
      return deps.executionQueries.get(id)
    },
    'executions.dismissMany': async (input) => deps.executionControl.dismissMany(input),
    'executions.export': async (filter) => deps.exports.executions(filter ?? {}),
    'n8n.testConnection': async (input) => {
      const saved = deps.settings.current()
      return testN8nConnection(input?.api_url ?? saved.N8N_API_URL, input?.api_key ?? saved.N8N_API_KEY)
    },
    'n8n.template': async ({ name, workflow_id }) => {
      if (workflow_id) deps.workflows.get(workflow_id)
      return buildTemplate(name, deps.publicUrl(), workflow_id ?? null)
    },
    'n8n.nodes': async ({ id, kind }) => buildNodeKit(kind, deps.publicUrl(), deps.workflows.get(id)),
    'n8n.installTemplate': async (input) => deps.installTemplate(input),
    'n8n.workflows': async () => {
      const linked = deps.workflows.linkedN8nWorkflows()
      return { items: await listN8nWorkflows(n8nClientFrom(deps.settings.current()), (id) => linked.get(id) ?? null) }
    },
    'approvals.list': async (input) => deps.approvals.list(input),
    'approvals.get': async ({ id }) => deps.approvals.get(id),
    'approvals.decide': async ({ id, decision, approver_name, reason, source, approved_data }) =>
      deps.approvals.decide(id, { decision, approver: approver_name, reason, source, approvedData: approved_data }),
    'approvals.bulk': async ({ approval_ids, filter, action, approver_name, reason, source }) => {
      const input = { decision: action, approver: approver_name, reason, source }
      return approval_ids ? { ...deps.approvals.bulk(approval_ids, input), remaining: 0 } : deps.approvals.bulkShown(filter ?? {}, input)
    },
    'approvals.undo': async ({ approval_ids }) => deps.approvals.undo(approval_ids),
    'approvals.resend': async ({ id }) => deps.approvals.resend(id),
    'approvals.extend': async ({ id, hours }) => deps.approvals.extend(id, hours),
    'approvals.precedents': async ({ id }) => deps.approvalPrecedents(deps.approvals.get(id)),
    'approvals.stats': async () => deps.approvalStats(),
    'approvals.tryRules': async ({ limit, ...proposed }) => deps.tryRules(proposed, limit),
    'approvals.export': async (filter) => deps.exports.approvals(filter ?? {}),
    'monitoring.export': async (filter) => deps.exports.events(filter ?? {}),
    'monitoring.events': async (input) => deps.monitoring.events(input),
    'monitoring.errors': async (input) => deps.monitoring.errors(input, deps.now()),
    'system.backup': async (input) => (input?.path ? deps.backups.backupTo(input.path) : deps.backups.backupNow()),
    'system.backups': async () => deps.backups.status(),
    'system.storage': () => deps.storage(),
    'system.rotateAdminToken': async () => {
      deps.rotateAdminToken()
      return deps.adminAccess()
    },
    'monitoring.dashboard': async (input) => deps.dashboard(input?.range ?? '24h'),
    'system.testAlert': async (input) => {
      const saved = deps.settings.current()
      return deps.alerts.test({ url: input?.url ?? saved.FLOWGATE_ALERT_URL, format: input?.format ?? saved.FLOWGATE_ALERT_FORMAT })
    },
    'system.testTunnel': async (input) => testTunnel(input?.url ?? deps.settings.current().FLOWGATE_PUBLIC_URL, deps.settings.current().N8N_WEBHOOK_SECRET),
    'system.detectTunnels': async () => {
      const { agents, tunnels } = await runningTunnels(deps.settings.current())
      return { tunnels, looked_at: agents, forward_to: deps.publicListener() }
    },
  }
}
