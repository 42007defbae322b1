/** Status and kind vocabularies, shared by the schema's CHECK constraints and the services. */
export const executionStatuses = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const
export const approvalStatuses = ['pending', 'approved', 'rejected', 'expired'] as const
export const priorities = ['high', 'medium', 'low'] as const
export const queueStatuses = ['queued', 'processing', 'completed', 'failed'] as const
export const severities = ['info', 'warning', 'error', 'critical'] as const
export const decisionSources = ['window', 'tray', 'notification', 'bulk', 'auto', 'expiry', 'api'] as const
export const outboxKinds = ['dispatch', 'resume', 'stop'] as const
export const outboxStatuses = ['pending', 'sending', 'done', 'failed'] as const

export type ExecutionStatus = (typeof executionStatuses)[number]
export type ApprovalStatus = (typeof approvalStatuses)[number]
export type Priority = (typeof priorities)[number]
export type QueueStatus = (typeof queueStatuses)[number]
export type Severity = (typeof severities)[number]
export type DecisionSource = (typeof decisionSources)[number]
export type OutboxKind = (typeof outboxKinds)[number]
export type OutboxStatus = (typeof outboxStatuses)[number]
