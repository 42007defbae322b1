import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'

const HOUR = 3_600_000

describe('workflow registry over REST', () => {
  let c: RunningCore
  const call = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const lead = {
    workflow_name: 'Lead Qualification',
    workflow_description: 'Scores new leads',
    n8n_workflow_id: 'LeadQual01',
    webhook_url: 'http://127.0.0.1:9/webhook/lead-qualification',
    trigger_events: ['lead.created', 'lead.updated', 'lead.created'],
    requires_approval: false,
    webhook_secret: 'lead-workflow-own-secret',
  }

  beforeAll(async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
  })
  afterAll(async () => {
    await c.close()
  })

  it('creates a workflow with defaults, never echoing its secret', async () => {
    const { status, body } = await call('POST', '/api/v1/workflows', lead)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      workflow_name: 'Lead Qualification',
      trigger_events: ['lead.created', 'lead.updated'],
      is_active: true,
      auto_approval_enabled: false,
      default_priority: 'medium',
      has_webhook_secret: true,
      webhook_secret_unreadable: false,
      execution_count: 0,
    })
    expect(JSON.stringify(body)).not.toContain('lead-workflow-own-secret')
    const stored = c.core.internals.database.sqlite.prepare('select webhook_secret from n8n_workflows where id = ?').pluck().get(body.id)
    expect(stored).toBe('plaintext:lead-workflow-own-secret')
  })

  it('accepts webhooks signed with its own secret, found by its n8n id', async () => {
    const text = JSON.stringify({ lead: 1 })
    const ok = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/LeadQual01`, { method: 'POST', body: text, headers: { ...json, ...sign.sharedSecret('lead-workflow-own-secret') } })
    expect(ok.status).toBe(202)
  })

  it('names the field when input is invalid, and stores nothing', async () => {
    const before = c.count('n8n_workflows')
    for (const [body, field] of [
      [{ ...lead, workflow_name: '' }, 'workflow_name'],
      [{ ...lead, workflow_name: 'x', webhook_url: 'ftp://nope' }, 'webhook_url'],
      [{ ...lead, workflow_name: 'x', n8n_workflow_id: '../etc' }, 'n8n_workflow_id'],
      [{ ...lead, workflow_name: 'x', default_priority: 'urgent' }, 'default_priority'],
      [{ ...lead, workflow_name: 'x', trigger_events: 'lead.created' }, 'trigger_events'],
      [{ ...lead, workflow_name: 'x', webhook_secret: 'short' }, 'webhook_secret'],
      [{ ...lead, workflow_name: 'x', surprise: true }, 'surprise'],
    ] as const) {
      const { status, body: answer } = await call('POST', '/api/v1/workflows', body)
      expect(status, field).toBe(400)
      expect(String(answer.message), field).toContain(field)
    }
    expect(c.count('n8n_workflows')).toBe(before)
  })

  it('refuses a duplicate name or n8n id with a conflict naming the holder', async () => {
    const name = await call('POST', '/api/v1/workflows', { ...lead, n8n_workflow_id: null })
    expect(name).toMatchObject({ status: 409, body: { error: 'conflict' } })
    expect(String(name.body.message)).toMatch(/workflow_name: "Lead Qualification" is already used by workflow \d+/)
    const n8nId = await call('POST', '/api/v1/workflows', { ...lead, workflow_name: 'Other' })
    expect(n8nId.status).toBe(409)
  })

  it('updates only the fields given', async () => {
    const created = await call('POST', '/api/v1/workflows', { workflow_name: 'Follow-up', trigger_events: ['lead.cold'] })
    const id = created.body.id as number
    const { status, body } = await call('PUT', `/api/v1/workflows/${id}`, { is_active: false, default_priority: 'high' })
    expect(status).toBe(200)
    expect(body).toMatchObject({ workflow_name: 'Follow-up', trigger_events: ['lead.cold'], is_active: false, default_priority: 'high' })
    expect((await call('PUT', `/api/v1/workflows/${id}`, { workflow_name: 'Lead Qualification' })).status).toBe(409)
    expect((await call('PUT', '/api/v1/workflows/99999', { is_active: true })).status).toBe(404)
  })

  it('lists live workflows with filters and pages', async () => {
    const all = await call('GET', '/api/v1/workflows')
    expect(all.body.total).toBe(2)
    const inactive = await call('GET', '/api/v1/workflows?is_active=false')
    expect((inactive.body.items as { workflow_name: string }[]).map((w) => w.workflow_name)).toEqual(['Follow-up'])
    const paged = await call('GET', '/api/v1/workflows?page=2&page_size=1')
    expect(paged.body).toMatchObject({ total: 2, page: 2, page_size: 1 })
    expect((await call('GET', '/api/v1/workflows?page=0')).status).toBe(400)
  })

  it('reports statistics (the webhook above started one run, still being dispatched)', async () => {
    const list = await call('GET', '/api/v1/workflows')
    const id = (list.body.items as { id: number }[])[0]!.id
    expect((await call('GET', `/api/v1/workflows/${id}/stats`)).body).toEqual({
      workflow_id: id,
      execution_count: 1,
      success_count: 0,
      failure_count: 0,
      success_rate: null,
      average_duration_seconds: null,
      last_run_at: c.clock.now(),
      n8n_failed_last_day: 0,
      error_groups: [],
      recent_hours: [{ hour: Math.floor(c.clock.now() / HOUR) * HOUR, completed: 0, failed: 0, other: 1, completed_seconds: 0 }],
      run_times: { recent_seconds: null, recent_runs: 0, usual_seconds: null, usual_runs: 0, slower: false },
    })
  })

  it("counts the last 14 days' executions by hour and outcome, with the completed ones' run times, leaving out quiet hours, older ones and other workflows", async () => {
    const id = ((await call('POST', '/api/v1/workflows', { workflow_name: 'Hourly' })).body as { id: number }).id
    const other = ((await call('POST', '/api/v1/workflows', { workflow_name: 'Other' })).body as { id: number }).id
    const thisHour = Math.floor(c.clock.now() / HOUR) * HOUR
    const insert = c.core.internals.database.sqlite.prepare('insert into workflow_executions (workflow_id, status, duration_seconds, created_at, updated_at) values (?, ?, ?, ?, ?)')
    const ran = (workflowId: number, status: string, at: number, seconds: number | null = null) => insert.run(workflowId, status, seconds, at, at)
    ran(id, 'completed', thisHour + 1, 12.5)
    ran(id, 'completed', thisHour + 4, 7.5)
    ran(id, 'failed', thisHour + 2, 300)
    ran(id, 'cancelled', thisHour + 3)
    ran(id, 'completed', thisHour - 5 * HOUR + 10)
    ran(id, 'completed', thisHour - (14 * 24 - 1) * HOUR) // the first hour of the fourteen days
    ran(id, 'completed', thisHour - 14 * 24 * HOUR) // an hour too old
    ran(other, 'failed', thisHour)
    expect((await call('GET', `/api/v1/workflows/${id}/stats`)).body.recent_hours).toEqual([
      { hour: thisHour - (14 * 24 - 1) * HOUR, completed: 1, failed: 0, other: 0, completed_seconds: 0 },
      { hour: thisHour - 5 * HOUR, completed: 1, failed: 0, other: 0, completed_seconds: 0 },
      { hour: thisHour, completed: 2, failed: 1, other: 1, completed_seconds: 20 },
    ])
  })

  it('refuses to delete while executions are unfinished, then deletes keeping history', async () => {
    const created = await call('POST', '/api/v1/workflows', { workflow_name: 'Video + Demo Site' })
    const id = created.body.id as number
    const now = c.clock.now()
    c.core.internals.database.sqlite
      .prepare("insert into workflow_executions (workflow_id, status, created_at, updated_at) values (?, 'running', ?, ?)")
      .run(id, now, now)
    const refused = await call('DELETE', `/api/v1/workflows/${id}`)
    expect(refused).toMatchObject({ status: 409, body: { message: `Workflow ${id} has 1 unfinished execution(s); cancel them before deleting it` } })
    c.core.internals.database.sqlite.prepare("update workflow_executions set status = 'completed' where workflow_id = ?").run(id)
    expect(await call('DELETE', `/api/v1/workflows/${id}`)).toMatchObject({ status: 200, body: { id, deleted: true } })
    expect((await call('GET', `/api/v1/workflows/${id}`)).status).toBe(404)
    expect(c.core.internals.database.sqlite.prepare('select count(*) from workflow_executions where workflow_id = ?').pluck().get(id)).toBe(1)
    // The name is free again, and webhooks to the deleted workflow are unknown.
    expect((await call('POST', '/api/v1/workflows', { workflow_name: 'Video + Demo Site' })).status).toBe(200)
    const text = '{}'
    const gone = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, { method: 'POST', body: text, headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET) } })
    expect(gone.status).toBe(404)
  })
})
