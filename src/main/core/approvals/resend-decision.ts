import type Database from 'better-sqlite3'
import { FlowgateError } from '../../../shared/errors'
import type { Clock } from '../clock'
import type { Outbox } from '../dispatch/outbox'

export interface ResendDeps {
  sqlite: Database.Database
  clock: Clock
  outbox: Outbox
  /** The approval changed (its resume call is under way again) and the dispatcher has work. */
  resent: (approvalId: number) => void
}

/**
 * Sends a decision to n8n again after its call failed for good (n8n down longer than the
 * retries, say), with the same body: the execution waiting in n8n still gets its answer.
 * Refused while a call is under way, once n8n took it, and for approvals n8n did not ask for.
 */
export function resendDecision(deps: ResendDeps, id: number): void {
  const approval = deps.sqlite.prepare('select status, resume_url, execution_id from workflow_approvals where id = ?').get(id) as
    | { status: string; resume_url: string | null; execution_id: number | null }
    | undefined
  if (!approval) throw new FlowgateError('not_found', `Approval ${id} does not exist`)
  if (!approval.resume_url) throw new FlowgateError('conflict', `Approval ${id} was not asked for by a waiting n8n execution, so there is nothing to send`)
  const last = deps.sqlite
    .prepare("select status, body from outbox where approval_id = ? and kind = 'resume' order by id desc limit 1")
    .get(id) as { status: string; body: string } | undefined
  if (!last && approval.status === 'pending') throw new FlowgateError('conflict', `Approval ${id} is pending: its decision has not been sent yet`)
  // A decided approval without a resume call is one whose call n8n took long ago (retention pruned it).
  if (!last || last.status === 'done') throw new FlowgateError('conflict', `n8n already took approval ${id}'s decision`)
  if (last.status !== 'failed') throw new FlowgateError('conflict', `Approval ${id}'s decision is being sent to n8n now`)
  deps.outbox.add({ kind: 'resume', targetUrl: approval.resume_url, approvalId: id, executionId: approval.execution_id ?? undefined, body: JSON.parse(last.body) }, deps.clock.now())
  deps.resent(id)
}
