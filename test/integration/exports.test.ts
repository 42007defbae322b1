import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EXPORT_LIMIT } from '../../src/shared/schemas/exports'
import { startTestCore, TEST_ADMIN_TOKEN, type RunningCore } from '../helpers/core'

describe('CSV exports', () => {
  let c: RunningCore
  afterEach(async () => {
    await c.close()
  })

  const insertExecution = (workflowId: number, status: string, error: string | null, at: number) =>
    c.core.internals.database.sqlite
      .prepare("insert into workflow_executions (workflow_id, status, error_message, trigger_event, trigger_source, attempt, created_at, updated_at) values (?, ?, ?, 'lead.created', 'webhook', 1, ?, ?)")
      .run(workflowId, status, error, at, at)
  const insertApproval = (workflowId: number, title: string, status: string, priority: string) =>
    c.core.internals.database.sqlite
      .prepare("insert into workflow_approvals (workflow_id, approval_type, approval_title, status, priority, decided_by, created_at, updated_at) values (?, 'email_send', ?, ?, ?, ?, 5, 5)")
      .run(workflowId, title, status, priority, status === 'pending' ? null : 'ada')
  /** Through the REST door, as a browser download gets it. */
  const download = async (path: string) => {
    const response = await fetch(`${c.adminUrl}${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    const bytes = Buffer.from(await response.arrayBuffer())
    return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') }
  }
  const rows = (csv: string) => parse(csv, { columns: true, bom: true }) as Record<string, string>[]

  it('exports every execution the filter matches, newest first, named and dated, text kept whole', async () => {
    c = await startTestCore()
    const deploy = c.addWorkflow({ name: 'Demo deploy, EU' })
    const sync = c.addWorkflow({ name: 'Lead sync' })
    insertExecution(deploy, 'failed', 'SMTP 550: "mailbox unavailable",\nretry later', Date.UTC(2026, 0, 1, 8))
    insertExecution(sync, 'completed', null, Date.UTC(2026, 0, 1, 9))
    insertExecution(deploy, 'failed', '=HYPERLINK("http://evil.example","click")', Date.UTC(2026, 0, 1, 10))

    const all = await download('/api/v1/executions/export.csv')
    expect(all.status).toBe(200)
    expect(all.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(all.headers.get('content-disposition')).toBe('attachment; filename="flowgate-executions-2026-01-01.csv"')
    // A byte-order mark first, so spreadsheet programs read the file as UTF-8.
    expect(all.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(all.text.startsWith('\ufeffid,workflow_id,workflow,status,')).toBe(true)
    const exported = rows(all.text)
    expect(exported.map((r) => [r.id, r.workflow, r.status])).toEqual([
      ['3', 'Demo deploy, EU', 'failed'],
      ['2', 'Lead sync', 'completed'],
      ['1', 'Demo deploy, EU', 'failed'],
    ])
    expect(exported[2]).toMatchObject({ created_at: '2026-01-01T08:00:00.000Z', error_message: 'SMTP 550: "mailbox unavailable",\nretry later', finished_at: '' })
    // A spreadsheet opening the file must not run what a webhook sent as a formula.
    expect(exported[0]!.error_message).toBe(`'=HYPERLINK("http://evil.example","click")`)

    const failedOfDeploy = rows((await download(`/api/v1/executions/export.csv?status=failed&search=mailbox&workflow_id=${deploy}`)).text)
    expect(failedOfDeploy.map((r) => r.id)).toEqual(['1'])
    const none = await c.core.api['executions.export']({ status: 'cancelled' })
    expect(none).toMatchObject({ rows: 0, truncated: false })
    expect(rows(none.csv)).toEqual([])
    expect((await download('/api/v1/executions/export.csv?status=exploded')).status).toBe(400)
  })

  it('exports approvals with their decisions, by the inbox filter', async () => {
    c = await startTestCore()
    const workflowId = c.addWorkflow({ name: 'Campaigns' })
    insertApproval(workflowId, 'Send spring campaign', 'approved', 'high')
    insertApproval(workflowId, '+1 more video', 'pending', 'low')
    const result = await download('/api/v1/approvals/export.csv?status=approved')
    expect(result.headers.get('content-disposition')).toBe('attachment; filename="flowgate-approvals-2026-01-01.csv"')
    expect(rows(result.text)).toEqual([expect.objectContaining({ id: '1', workflow: 'Campaigns', title: 'Send spring campaign', status: 'approved', decided_by: 'ada', priority: 'high' })])
    const all = await c.core.api['approvals.export'](undefined)
    expect(rows(all.csv).map((r) => r.title)).toEqual(["'+1 more video", 'Send spring campaign'])
    // What a person changed before approving is named by place; neither version of the data is exported.
    c.core.internals.database.sqlite
      .prepare('update workflow_approvals set approval_data = ?, approved_data = ? where id = 1')
      .run(JSON.stringify({ subject: 'Spring', to: ['a', 'b'], secret_note: 'x' }), JSON.stringify({ subject: 'Spring!', to: ['a'], secret_note: 'x' }))
    const changed = (await c.core.api['approvals.export']({ status: 'approved' })).csv
    expect(rows(changed)).toEqual([expect.objectContaining({ id: '1', changed_before_approval: 'subject, to[1]' })])
    expect(changed).not.toContain('secret_note')
    expect(rows(all.csv).map((r) => r.changed_before_approval)).toEqual(['', ''])
  })

  it('exports the event log, or the activity log alone, with what each event says', async () => {
    c = await startTestCore()
    const leads = c.addWorkflow({ name: 'Lead sync' })
    await c.core.api['settings.update']({ values: { MONITORING_RETENTION_DAYS: 60 } })
    const insert = c.core.internals.database.sqlite.prepare('insert into workflow_monitoring (workflow_id, event_type, severity, event_data, timestamp) values (?, ?, ?, ?, ?)')
    insert.run(leads, 'error', 'error', JSON.stringify({ error: '=cmd|calc' }), Date.UTC(2026, 0, 2, 8))
    // The activity log is written off the request path: wait until the change is in it.
    await vi.waitFor(() => expect(c.count('workflow_monitoring')).toBe(2))
    const actions = await download('/api/v1/monitoring/events/export.csv?event_type=operator_action')
    expect(actions.status).toBe(200)
    expect(actions.headers.get('content-disposition')).toMatch(/^attachment; filename="flowgate-events-\d{4}-\d{2}-\d{2}\.csv"$/)
    const [action, ...others] = rows(actions.text)
    expect(others).toEqual([])
    expect(action).toMatchObject({ severity: 'info', event_type: 'operator_action', workflow: '' })
    expect(JSON.parse(action!.data!)).toEqual({ action: 'settings.update', summary: 'changed MONITORING_RETENTION_DAYS' })
    const errors = rows((await download(`/api/v1/monitoring/events/export.csv?severity=error&workflow_id=${leads}`)).text)
    expect(errors).toEqual([{ id: expect.any(String), time: '2026-01-02T08:00:00.000Z', severity: 'error', event_type: 'error', workflow_id: String(leads), workflow: 'Lead sync', execution_id: '', data: '{"error":"=cmd|calc"}' }])
    expect((await download('/api/v1/monitoring/events/export.csv?limit=5')).status).toBe(400)
  })

  it("exports the queue's webhooks by its filter — when each came, from whom, how it ended — never their bodies or headers", async () => {
    c = await startTestCore()
    const mailer = c.addWorkflow({ name: 'Mailer' })
    const insert = c.core.internals.database.sqlite.prepare(
      'insert into webhook_queue (workflow_id, kind, webhook_payload, headers, source, status, retry_count, last_error, received_at, processed_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)',
    )
    insert.run(mailer, 'trigger', JSON.stringify({ email: 'ada@example.com' }), JSON.stringify({ 'user-agent': 'n8n' }), '203.0.113.9', 'failed', 3, '@SUM(A1) is not a lead', Date.UTC(2026, 0, 1, 8), Date.UTC(2026, 0, 1, 9))
    insert.run(null, 'generic_event', JSON.stringify({ event: 'x', data: {} }), null, '203.0.113.10', 'completed', 0, null, Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 10))

    const failed = await download(`/api/v1/webhooks/queue/export.csv?status=failed&workflow_id=${mailer}`)
    expect(failed.status).toBe(200)
    expect(failed.headers.get('content-disposition')).toBe('attachment; filename="flowgate-webhooks-2026-01-01.csv"')
    expect(rows(failed.text)).toEqual([
      {
        id: '1',
        workflow_id: String(mailer),
        workflow: 'Mailer',
        kind: 'trigger',
        status: 'failed',
        source: '203.0.113.9',
        received_at: '2026-01-01T08:00:00.000Z',
        processed_at: '2026-01-01T09:00:00.000Z',
        retry_count: '3',
        next_retry_at: '',
        last_error: "'@SUM(A1) is not a lead",
      },
    ])
    expect(failed.text).not.toContain('ada@example.com')
    expect(failed.text).not.toContain('user-agent')
    // The queue's search finds text in the bodies; the export holds the webhooks it finds, not the text.
    expect(rows((await c.core.api['queue.export']({ search: 'ada@example' })).csv).map((r) => r.id)).toEqual(['1'])
    expect(rows((await c.core.api['queue.export'](undefined)).csv).map((r) => [r.id, r.workflow, r.status])).toEqual([
      ['2', '', 'completed'],
      ['1', 'Mailer', 'failed'],
    ])
    expect((await download('/api/v1/webhooks/queue/export.csv?status=lost')).status).toBe(400)
  })

  it(`holds at most ${EXPORT_LIMIT.toLocaleString('en')} rows, the newest, and says it left the rest out`, async () => {
    c = await startTestCore()
    const workflowId = c.addWorkflow()
    const insert = c.core.internals.database.sqlite.prepare("insert into workflow_executions (workflow_id, status, attempt, created_at, updated_at) values (?, 'completed', 1, 0, 0)")
    c.core.internals.database.sqlite.transaction(() => {
      for (let i = 0; i < EXPORT_LIMIT + 3; i++) insert.run(workflowId)
    })()
    const exported = await c.core.api['executions.export'](undefined)
    expect(exported).toMatchObject({ rows: EXPORT_LIMIT, truncated: true })
    const ids = rows(exported.csv).map((r) => Number(r.id))
    expect(ids).toHaveLength(EXPORT_LIMIT)
    expect([ids[0], ids.at(-1)]).toEqual([EXPORT_LIMIT + 3, 4])
    const exact = await c.core.api['executions.export']({ search: '#5' })
    expect(exact).toMatchObject({ rows: 1, truncated: false })
  })
})
