import { approvalExportInputSchema,
  eventExportInputSchema, csvExportSchema, executionExportInputSchema, queueExportInputSchema } from './schemas/exports'
import { z } from 'zod'
import {
  executionDetailSchema,
  executionIdInputSchema,
  executionRetryInputSchema,
  executionRescheduleInputSchema,
  executionRetryManyInputSchema,
  executionCancelManyInputSchema,
  executionCancelManySchema,
  executionSendNowManyInputSchema,
  executionSendNowManySchema,
  executionDismissInputSchema,
  executionDismissManyInputSchema,
  executionDismissManySchema,
  executionRetryManySchema,
  executionListInputSchema,
  executionListSchema,
  executionSchema,
  workflowTriggerInputSchema,
} from './schemas/executions'
import {
  approvalBulkInputSchema,
  approvalBulkResultSchema,
  approvalUndoInputSchema,
  approvalUndoResultSchema,
  approvalDecideInputSchema,
  approvalIdInputSchema,
  approvalExtendInputSchema,
  approvalPrecedentsSchema,
  approvalListInputSchema,
  approvalListSchema,
  approvalSchema,
  approvalStatsSchema,
} from './schemas/approvals'
import { rulesTrialInputSchema, rulesTrialSchema } from './schemas/auto-rules'
import { healthReportSchema } from './schemas/health'
import { storageReportSchema } from './schemas/storage'
import {
  backupInputSchema,
  backupResultSchema,
  backupStatusSchema,
  dashboardInputSchema,
  dashboardSchema,
  monitoringErrorsInputSchema,
  monitoringEventListSchema,
  monitoringEventPageSchema,
  monitoringEventsInputSchema,
} from './schemas/monitoring'
import {
  n8nInstallInputSchema,
  n8nWorkflowListSchema,
  n8nTemplateInputSchema,
  n8nNodesInputSchema,
  n8nTestInputSchema,
  n8nTestResultSchema,
  n8nWorkflowJsonSchema,
  templateInstallSchema,
  tunnelTestInputSchema,
  tunnelTestResultSchema,
  tunnelDetectionSchema,
} from './schemas/n8n'
import {
  queueChangedSchema,
  queueIdInputSchema,
  queueReplayInputSchema,
  queueItemSchema,
  queueListInputSchema,
  queueListSchema,
  queueReplayManyInputSchema,
  queueStatusSchema,
} from './schemas/queue'
import { alertTestInputSchema, alertTestResultSchema, settingsUpdateSchema, settingsViewSchema, webhookSecretRotateInputSchema, webhookSecretRotationSchema } from './schemas/settings'
import {
  workflowCreateSchema,
  workflowDeletedSchema,
  workflowIdInputSchema,
  workflowListInputSchema,
  workflowListSchema,
  workflowSchema,
  workflowStatsSchema,
  workflowUpdateSchema,
} from './schemas/workflows'
import type { MethodName, PushEventName } from './channels'

const noInput = z.undefined().or(z.object({}).strict()).optional()

/** Every call the console or a script can make: name → input schema, output schema. */
export const methods = {
  'health.get': { input: noInput, output: healthReportSchema },
  'settings.get': { input: noInput, output: settingsViewSchema },
  'settings.update': { input: settingsUpdateSchema, output: settingsViewSchema },
  'settings.rotateWebhookSecret': { input: webhookSecretRotateInputSchema, output: webhookSecretRotationSchema },
  'settings.endWebhookSecretGrace': { input: noInput, output: settingsViewSchema },
  'queue.status': { input: noInput, output: queueStatusSchema },
  'queue.list': { input: queueListInputSchema, output: queueListSchema },
  'queue.export': { input: queueExportInputSchema, output: csvExportSchema },
  'queue.get': { input: queueIdInputSchema, output: queueItemSchema },
  'queue.replay': { input: queueReplayInputSchema, output: queueItemSchema },
  'queue.replayMany': { input: queueReplayManyInputSchema, output: queueChangedSchema },
  'queue.delete': { input: queueIdInputSchema, output: queueChangedSchema },
  'queue.deleteMany': { input: queueReplayManyInputSchema, output: queueChangedSchema },
  'workflows.list': { input: workflowListInputSchema, output: workflowListSchema },
  'workflows.get': { input: workflowIdInputSchema, output: workflowSchema },
  'workflows.create': { input: workflowCreateSchema, output: workflowSchema },
  'workflows.update': { input: workflowUpdateSchema, output: workflowSchema },
  'workflows.delete': { input: workflowIdInputSchema, output: workflowDeletedSchema },
  'workflows.stats': { input: workflowIdInputSchema, output: workflowStatsSchema },
  'workflows.trigger': { input: workflowTriggerInputSchema, output: executionSchema },
  'executions.list': { input: executionListInputSchema, output: executionListSchema },
  'executions.get': { input: executionIdInputSchema, output: executionDetailSchema },
  'executions.cancel': { input: executionIdInputSchema, output: executionDetailSchema },
  'executions.retry': { input: executionRetryInputSchema, output: executionDetailSchema },
  'executions.sendNow': { input: executionIdInputSchema, output: executionDetailSchema },
  'executions.reschedule': { input: executionRescheduleInputSchema, output: executionDetailSchema },
  'executions.retryMany': { input: executionRetryManyInputSchema, output: executionRetryManySchema },
  'executions.cancelMany': { input: executionCancelManyInputSchema, output: executionCancelManySchema },
  'executions.sendNowMany': { input: executionSendNowManyInputSchema, output: executionSendNowManySchema },
  'executions.dismiss': { input: executionDismissInputSchema, output: executionDetailSchema },
  'executions.dismissMany': { input: executionDismissManyInputSchema, output: executionDismissManySchema },
  'executions.export': { input: executionExportInputSchema, output: csvExportSchema },
  'n8n.testConnection': { input: n8nTestInputSchema, output: n8nTestResultSchema },
  'n8n.template': { input: n8nTemplateInputSchema, output: n8nWorkflowJsonSchema },
  /** Nodes to paste into any n8n workflow's canvas that talk to this workflow. */
  'n8n.nodes': { input: n8nNodesInputSchema, output: n8nWorkflowJsonSchema },
  'n8n.installTemplate': { input: n8nInstallInputSchema, output: templateInstallSchema },
  'n8n.workflows': { input: noInput, output: n8nWorkflowListSchema },
  'approvals.list': { input: approvalListInputSchema, output: approvalListSchema },
  'approvals.get': { input: approvalIdInputSchema, output: approvalSchema },
  'approvals.decide': { input: approvalDecideInputSchema, output: approvalSchema },
  'approvals.bulk': { input: approvalBulkInputSchema, output: approvalBulkResultSchema },
  'approvals.undo': { input: approvalUndoInputSchema, output: approvalUndoResultSchema },
  'approvals.resend': { input: approvalIdInputSchema, output: approvalSchema },
  'approvals.extend': { input: approvalExtendInputSchema, output: approvalSchema },
  'approvals.precedents': { input: approvalIdInputSchema, output: approvalPrecedentsSchema },
  'approvals.stats': { input: noInput, output: approvalStatsSchema },
  'approvals.tryRules': { input: rulesTrialInputSchema, output: rulesTrialSchema },
  'approvals.export': { input: approvalExportInputSchema, output: csvExportSchema },
  'monitoring.export': { input: eventExportInputSchema, output: csvExportSchema },
  'monitoring.events': { input: monitoringEventsInputSchema, output: monitoringEventPageSchema },
  'monitoring.errors': { input: monitoringErrorsInputSchema, output: monitoringEventListSchema },
  'system.backup': { input: backupInputSchema, output: backupResultSchema },
  'system.backups': { input: noInput, output: backupStatusSchema },
  'system.storage': { input: noInput, output: storageReportSchema },
  'system.rotateAdminToken': { input: noInput, output: settingsViewSchema.shape.adminAccess },
  'monitoring.dashboard': { input: dashboardInputSchema, output: dashboardSchema },
  'system.testTunnel': { input: tunnelTestInputSchema, output: tunnelTestResultSchema },
  /** Sends a test alert to the phone or chat alerts go to. */
  'system.testAlert': { input: alertTestInputSchema, output: alertTestResultSchema },
  'system.detectTunnels': { input: noInput, output: tunnelDetectionSchema },
} satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>

/** Every push from the core to the console: "refresh this" signals with a small payload. */
export const pushEvents = {
  'settings.changed': z.object({ keys: z.array(z.string()) }),
  'health.changed': z.object({ status: z.string() }),
  'queue.changed': z.object({ reason: z.string() }),
  'workflows.changed': z.object({ id: z.number() }),
  'executions.changed': z.object({ id: z.number() }),
  'approvals.changed': z.object({ id: z.number(), status: z.string() }),
  'backups.changed': z.object({ running: z.boolean() }),
  /** Monitoring events were stored: those no other change announces (a refused request, say) show too. */
  'monitoring.changed': z.object({}),
} satisfies Record<PushEventName, z.ZodType>

export type Methods = typeof methods
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>
export type PushPayload<E extends PushEventName> = z.output<(typeof pushEvents)[E]>

/** The core's implementation: one async function per method, input already validated. */
export type ContractApi = {
  [M in MethodName]: (input: z.output<Methods[M]['input']>) => Promise<MethodOutput<M>>
}

export type PushMessage = { [E in PushEventName]: { name: E; payload: PushPayload<E> } }[PushEventName]

/** What the preload exposes as window.flowgate and what the web transport implements. */
export interface FlowgateBridge {
  invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>
  /**
   * Pushes as they happen. `connected` is called each time a stream that can drop (the browser's
   * event stream) is established again, since pushes sent while it was down are gone.
   */
  onPush(listener: (message: PushMessage) => void, connected?: () => void): () => void
  /** The desktop shell asking the window to show a screen; absent in a browser. */
  onNavigate?(listener: (hash: string) => void): () => void
}

export type { MethodName, PushEventName }
