import type Database from 'better-sqlite3'
import type { Config } from '../config'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import type { ApprovalGate } from './execution-service'

/**
 * Holds an execution of a workflow that requires approval: a pending approval with the
 * workflow's default type and priority. Deciding it is the approvals service's job.
 */
export function pendingApprovalGate(sqlite: Database.Database, monitor: Monitor, push: PushBus, config: () => Config): ApprovalGate {
  const insert = sqlite.prepare(
    `insert into workflow_approvals (execution_id, workflow_id, approval_type, approval_title, approval_data, status, priority, expires_at, created_at, updated_at)
     select e.id, w.id, w.default_approval_type, 'Run ' || w.workflow_name, e.input_data, 'pending', w.default_priority, ?, ?, ?
     from workflow_executions e join n8n_workflows w on w.id = e.workflow_id where e.id = ?
     returning id, approval_title as title, priority`,
  )
  return {
    open(execution, now) {
      const expiresAt = now + config().WORKFLOW_APPROVAL_TIMEOUT_HOURS * 3_600_000
      const approval = insert.get(expiresAt, now, now, execution.id) as { id: number; title: string; priority: string }
      push.emit('approvals.changed', { id: approval.id, status: 'pending' })
      monitor.record({
        eventType: 'approval_required',
        severity: 'info',
        workflowId: execution.workflowId,
        executionId: execution.id,
        data: { approvalId: approval.id, title: approval.title, priority: approval.priority },
      })
    },
  }
}
