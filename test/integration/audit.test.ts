import { afterEach, describe, expect, it } from 'vitest'
import { startTestCore, type RunningCore } from '../helpers/core'

describe('operator actions are recorded, whichever door they come through', () => {
  let c: RunningCore
  afterEach(async () => {
    await c.close()
  })
  const actions = async () => {
    await c.core.internals.monitor.flush()
    const listed = await c.admin('GET', '/api/v1/monitoring/events?event_type=operator_action&limit=50')
    expect(listed.status).toBe(200)
    return (listed.body.items as { workflow_id: number | null; execution_id: number | null; event_data: { action: string; summary: string } }[]).map((e) => ({
      ...e.event_data,
      workflow_id: e.workflow_id,
    }))
  }

  it('records what changed, newest first, without a secret value, and nothing for a refusal', async () => {
    c = await startTestCore()
    const secret = 'a-brand-new-webhook-secret-0123456789'
    expect((await c.admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_WEBHOOK_SECRET: secret, WORKFLOW_MAX_RETRIES: 5 } })).status).toBe(200)
    const created = await c.admin('POST', '/api/v1/workflows', { workflow_name: 'Demo deploy' })
    const workflowId = created.body.id as number
    await c.core.api['workflows.update']({ id: workflowId, changes: { is_active: false } })
    // Refused: nothing changed, so nothing is recorded.
    expect((await c.admin('POST', '/api/v1/workflows', { workflow_name: 'Demo deploy' })).status).toBe(409)
    expect((await c.admin('POST', '/api/v1/rpc/settings.update', { values: { WORKFLOW_MAX_RETRIES: 'many' } })).status).toBe(400)
    await c.admin('POST', '/api/v1/system/backup')
    // Decisions by a person are in the log too (the model's are recorded as its own events).
    const gated = await c.core.api['workflows.create']({ workflow_name: 'Gate', trigger_events: [], is_active: true, requires_approval: true, auto_approval_enabled: false, calls_held: false, alerts_muted: false, default_approval_type: 'email_send', default_priority: 'high' })
    for (let i = 0; i < 3; i++) await c.core.api['workflows.trigger']({ id: gated.id, trigger_event: 'manual', trigger_source: 'api', input_data: {} })
    const [first, ...rest] = (await c.core.api['approvals.list']({ status: 'pending', page: 1, page_size: 10 })).items.map((a) => a.id)
    await c.admin('POST', `/api/v1/approvals/${first}/approve`, { approver_name: 'Ada', source: 'window' })
    await c.admin('POST', '/api/v1/approvals/bulk-action', { approval_ids: [...rest, 999], action: 'rejected', approver_name: 'Ada' })

    const recorded = await actions()
    expect(recorded).toEqual([
      { action: 'approvals.bulk', summary: 'rejected 2 approvals at once, skipped 1', workflow_id: null },
      { action: 'approvals.decide', summary: `approved approval #${first} "Run Gate" (window, undoable until it takes effect)`, workflow_id: gated.id },
      { action: 'workflows.create', summary: 'created workflow "Gate"', workflow_id: gated.id },
      { action: 'system.backup', summary: expect.stringMatching(/^backed up to .*flowgate-.*\.db$/), workflow_id: null },
      { action: 'workflows.update', summary: 'changed is_active of workflow "Demo deploy"', workflow_id: workflowId },
      { action: 'workflows.create', summary: 'created workflow "Demo deploy"', workflow_id: workflowId },
      { action: 'settings.update', summary: 'changed N8N_WEBHOOK_SECRET, WORKFLOW_MAX_RETRIES', workflow_id: null },
    ])
    const everything = c.core.internals.database.sqlite.prepare('select group_concat(event_data) from workflow_monitoring').pluck().get() as string
    expect(everything).not.toContain(secret)
    // Other events are still there, and not in the activity log.
    expect(c.count("workflow_monitoring where event_type = 'backup_completed'")).toBe(1)
    expect((await c.admin('GET', '/api/v1/monitoring/events?event_type=Drop%20table')).status).toBe(400)
  })
})
