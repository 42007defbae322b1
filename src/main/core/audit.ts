import type { ContractApi, MethodName, MethodOutput } from '../../shared/contract'
import { isoTime, plural } from '../../shared/text'
import { dataChanges, describeChanges } from '../../shared/data-changes'
import type { MonitorEvent } from './monitor'

/** " with changes to subject and recipients[2]" when data sent back differs from what came. */
const withChanges = (asked: unknown, approved: unknown): string => {
  const changes = approved === undefined ? [] : dataChanges(asked, approved)
  return changes.length ? ` with changes to ${describeChanges(changes)}` : ''
}

/** A hold or its release said as such; other changes by the fields they touched. */
const workflowChange = (changes: Record<string, unknown>): string => {
  const fields = Object.keys(changes)
  if (fields.length === 1 && 'calls_held' in changes) return changes.calls_held ? 'held the calls to n8n' : 'released the held calls to n8n'
  return `changed ${fields.join(', ')}`
}

/** What an operator's action did, said in words, and the workflow it concerns if any. */
type Said = { summary: string; workflowId?: number; executionId?: number }
type Describer<M extends MethodName> = (input: Parameters<ContractApi[M]>[0], output: MethodOutput<M>) => Said

/**
 * The actions that change something, each with what its record says. Secrets' values never
 * appear: settings are named by key only.
 */
const describers: { [M in MethodName]?: Describer<M> } = {
  'settings.update': (input) => ({ summary: `changed ${Object.keys(input.values).join(', ')}` }),
  // The new secret is in the answer; the record says only that it changed.
  'settings.rotateWebhookSecret': (_input, output) => ({
    summary: `rotated the webhook secret (the old one ${output.previous_accepted_until ? `accepted until ${isoTime(output.previous_accepted_until)}` : 'refused at once'})`,
  }),
  'settings.endWebhookSecretGrace': () => ({ summary: 'stopped accepting the previous webhook secret' }),
  'queue.replay': (input, output) => ({
    // Changes named against what n8n sent, however many corrections came before.
    summary: `replayed webhook #${input.id}${withChanges(output.original_payload ?? output.payload, input.payload)}`,
    workflowId: output.workflowId ?? undefined,
  }),
  'queue.replayMany': (_input, output) => ({ summary: `replayed ${plural(output.affected, 'webhook')}` }),
  'queue.delete': (input) => ({ summary: `deleted webhook #${input.id}` }),
  'queue.deleteMany': (_input, output) => ({ summary: `deleted ${plural(output.affected, 'webhook')} (completed or failed)` }),
  'workflows.create': (_input, output) => ({ summary: `created workflow "${output.workflow_name}"`, workflowId: output.id }),
  'workflows.update': (input, output) => ({ summary: `${workflowChange(input.changes)} of workflow "${output.workflow_name}"`, workflowId: output.id }),
  'workflows.delete': (input) => ({ summary: `deleted workflow #${input.id}`, workflowId: Number(input.id) }),
  'executions.cancel': (_input, output) => ({ summary: `cancelled execution #${output.id}`, workflowId: output.workflow_id, executionId: output.id }),
  'executions.reschedule': (_input, output) => ({
    summary: `moved execution #${output.id} to be sent to n8n at ${new Date(output.send_at!).toISOString()}`,
    workflowId: output.workflow_id,
    executionId: output.id,
  }),
  'executions.sendNow': (_input, output) => ({ summary: `sent execution #${output.id} to n8n now, past its schedule and its workflow's limits`, workflowId: output.workflow_id, executionId: output.id }),
  'executions.retry': (input, output) => ({
    summary: `retried execution #${output.retry_of} as #${output.id}${input.input_data ? ' with its input changed' : ''}`,
    workflowId: output.workflow_id,
    executionId: output.id,
  }),
  'executions.retryMany': (_input, output) => ({ summary: `retried ${plural(output.retried.length, 'execution')}${output.skipped.length ? `, skipped ${output.skipped.length}` : ''}` }),
  'executions.sendNowMany': (_input, output) => ({ summary: `sent ${plural(output.sent.length, 'execution')} to n8n now${output.skipped.length ? `, skipped ${output.skipped.length}` : ''}` }),
  'executions.dismiss': (input, output) => ({
    summary: input.dismissed === false ? `brought execution #${output.id} back among the failures to look at` : `dismissed failed execution #${output.id} as needing no retry`,
    workflowId: output.workflow_id,
    executionId: output.id,
  }),
  'executions.dismissMany': (_input, output) => ({ summary: `dismissed ${plural(output.dismissed.length, 'failed execution')} as needing no retry${output.skipped.length ? `, skipped ${output.skipped.length}` : ''}` }),
  'executions.cancelMany': (_input, output) => ({ summary: `cancelled ${plural(output.cancelled.length, 'execution')}${output.skipped.length ? `, skipped ${output.skipped.length}` : ''}` }),
  'n8n.installTemplate': (input) => ({ summary: `installed the ${input.name} template in n8n`, workflowId: input.workflow_id }),
  'approvals.decide': (input, output) => ({
    summary: `${input.decision} approval #${output.id} "${output.approval_title}"${withChanges(output.approval_data, input.approved_data)} (${input.source ?? 'api'}${output.pending_decision ? ', undoable until it takes effect' : ''})`,
    workflowId: output.workflow_id ?? undefined,
    executionId: output.execution_id ?? undefined,
  }),
  'approvals.bulk': (input, output) => ({ summary: `${input.action} ${plural(output.decided.length, 'approval')} at once${output.skipped.length ? `, skipped ${output.skipped.length}` : ''}` }),
  'approvals.undo': (_input, output) => ({ summary: `undid ${plural(output.undone.length, 'decision')} on approvals ${output.undone.map((id) => `#${id}`).join(', ')}` }),
  'approvals.extend': (input, output) => ({
    summary: `gave approval #${output.id} "${output.approval_title}" ${plural(input.hours, 'hour')} more (expires ${isoTime(output.expires_at ?? 0)})`,
    workflowId: output.workflow_id ?? undefined,
    executionId: output.execution_id ?? undefined,
  }),
  'approvals.resend': (_input, output) => ({ summary: `sent approval #${output.id}'s decision to n8n again`, workflowId: output.workflow_id ?? undefined }),
  'system.backup': (_input, output) => ({ summary: `backed up to ${output.path}` }),
  'system.rotateAdminToken': () => ({ summary: 'replaced the console token (browsers signed in with the old one are signed out)' }),
}

/**
 * The contract with every changing action recorded as an `operator_action` event, whichever
 * door it came through (window, tray, browser, REST): the activity log of who changed what.
 * A refused action changes nothing and records nothing.
 */
export function withAudit(api: ContractApi, record: (event: MonitorEvent) => void): ContractApi {
  const audited = { ...api } as Record<MethodName, (input: unknown) => Promise<unknown>>
  for (const [method, describe] of Object.entries(describers) as [MethodName, Describer<MethodName>][]) {
    const call = api[method] as (input: unknown) => Promise<unknown>
    audited[method] = async (input) => {
      const output = await call(input)
      const { summary, workflowId, executionId } = describe(input as never, output as never)
      record({ eventType: 'operator_action', severity: 'info', workflowId, executionId, data: { action: method, summary } })
      return output
    }
  }
  return audited as ContractApi
}
