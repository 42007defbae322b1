import { afterEach, describe, expect, it } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'

describe('tools behind the console', () => {
  const cores: RunningCore[] = []
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()))
  })
  const start = async (config: Record<string, string> = {}) => {
    const c = await startTestCore(config)
    cores.push(c)
    return c
  }
  const tunnel = async (c: RunningCore, url?: string) => (await c.admin('POST', '/api/v1/system/test-tunnel', url ? { url } : undefined)).body

  it('tunnel self-test: reaches the public route through the URL and checks the secret without sending it', async () => {
    const c = await start({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    expect(await tunnel(c)).toMatchObject({ ok: false, status: null, message: 'Set FLOWGATE_PUBLIC_URL (your tunnel address) first' })
    const through = await tunnel(c, c.publicUrl)
    expect(through).toMatchObject({ ok: true, status: 200, message: `Reached Flowgate through ${c.publicUrl} and the webhook secret matches` })
    expect(through.latency_ms).toEqual(expect.any(Number))

    const other = await start({ N8N_WEBHOOK_SECRET: 'a-different-secret-0123456789' })
    const mismatch = await tunnel(c, other.publicUrl)
    expect(mismatch).toMatchObject({ ok: false, status: 401 })
    expect(mismatch.message).toContain(other.publicUrl)

    expect((await tunnel(c, 'http://127.0.0.1:9'))).toMatchObject({ ok: false, status: null })
    expect((await tunnel(c, `${c.adminUrl}/nowhere`))).toMatchObject({ ok: false })
  })

  it('approvals inbox search matches title, description, type and data, with LIKE wildcards taken literally; a number, an id or n8n execution id', async () => {
    const c = await start()
    const insert = c.core.internals.database.sqlite.prepare(
      "insert into workflow_approvals (approval_type, approval_title, approval_description, n8n_execution_id, approval_data, status, priority, created_at, updated_at) values (?, ?, ?, ?, ?, 'pending', 'medium', 1, 1)",
    )
    insert.run('email_send', 'Send 40 emails to ACME', null, '3', '{"recipients":["ada@example.com","bob@example.com"]}')
    insert.run('video_create', 'Demo video', 'for acme corp', null, null)
    insert.run('demo_deploy', 'Deploy 100% preview', null, null, '{"site":"preview.example.com"}')
    insert.run('demo_deploy', 'Deploy 1000 previews', null, '40', null)
    const search = async (words: string) =>
      ((await c.admin('POST', '/api/v1/rpc/approvals.list', { search: words })).body.result as { items: { approval_title: string }[] }).items.map((a) => a.approval_title)
    expect(await search('acme')).toEqual(['Send 40 emails to ACME', 'Demo video'])
    expect(await search('video_create')).toEqual(['Demo video'])
    expect(await search('100%')).toEqual(['Deploy 100% preview'])
    expect(await search('nothing like it')).toEqual([])
    // What it carries: a recipient, a site.
    expect(await search('ada@example.com')).toEqual(['Send 40 emails to ACME'])
    expect(await search('example.com')).toEqual(['Send 40 emails to ACME', 'Deploy 100% preview'])
    // Approval 3, and approval 1 that n8n's execution 3 waits on; "40" is no longer words of a title.
    expect(await search('3')).toEqual(['Send 40 emails to ACME', 'Deploy 100% preview'])
    expect(await search('#40')).toEqual(['Deploy 1000 previews'])
  })
  it('executions search finds an id, an n8n execution id, a trigger event, words of the error or of the input, within the filters', async () => {
    const c = await start()
    const sqlite = c.core.internals.database.sqlite
    sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Leads', '[]', 1, 1), ('Videos', '[]', 1, 1)").run()
    const insert = sqlite.prepare(
      'insert into workflow_executions (workflow_id, n8n_execution_id, status, trigger_event, error_message, input_data, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 1, 1)',
    )
    insert.run(1, '7', 'completed', 'lead.created', null, '{"email":"ada@example.com"}') // id 1
    insert.run(1, '812', 'failed', 'lead.created', 'SMTP 550: mailbox unavailable', '{"email":"bob@example.com"}') // id 2
    insert.run(2, null, 'failed', 'video_requested', 'Render timed out after 100% of 60 s', null) // id 3
    insert.run(2, 'abc-def', 'completed', 'manual', null, null) // id 4
    const search = async (filter: Record<string, unknown>) => {
      const response = await c.admin('GET', `/api/v1/executions?${new URLSearchParams(filter as Record<string, string>)}`)
      expect(response.status).toBe(200)
      return (response.body as { items: { id: number }[]; total: number }).items.map((e) => e.id)
    }
    expect(await search({ search: '#3' })).toEqual([3])
    expect(await search({ search: '812' })).toEqual([2])
    expect(await search({ search: '7' })).toEqual([1]) // n8n's execution 7 is Flowgate's 1; no execution 7 here
    expect(await search({ search: 'abc-def' })).toEqual([4])
    expect(await search({ search: 'mailbox' })).toEqual([2])
    expect(await search({ search: 'ada@example.com' })).toEqual([1])
    expect(await search({ search: 'lead.' })).toEqual([2, 1])
    expect(await search({ search: 'video_' })).toEqual([3])
    expect(await search({ search: '100%' })).toEqual([3])
    expect(await search({ search: '10_%' })).toEqual([])
    expect(await search({ search: 'lead', status: 'failed' })).toEqual([2])
    expect(await search({ search: 'timed out', workflow_id: '1' })).toEqual([])
    expect(await search({ search: '   ' })).toEqual([4, 3, 2, 1])
    const tooLong = await c.admin('GET', `/api/v1/executions?search=${'x'.repeat(201)}`)
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.message).toMatch(/search/)
  })

  it('approvals requested since a moment: the inbox, its export and approving all shown keep to it', async () => {
    const c = await start()
    const insert = c.core.internals.database.sqlite.prepare(
      "insert into workflow_approvals (approval_type, approval_title, status, priority, resume_url, created_at, updated_at) values ('email_send', ?, 'pending', 'medium', 'http://127.0.0.1:9/webhook-waiting/1', ?, ?)",
    )
    const now = c.clock.now()
    for (const [title, ago] of [['last month', 30 * 86_400_000], ['this morning', 5 * 3_600_000], ['just now', 60_000]] as const) insert.run(title, now - ago, now - ago)
    const titles = async (query: string) => ((await c.admin('GET', `/api/v1/approvals?${query}`)).body.items as { approval_title: string }[]).map((a) => a.approval_title)
    expect(await titles('status=pending')).toEqual(['last month', 'this morning', 'just now'])
    expect(await titles(`status=pending&since=${now - 6 * 3_600_000}`)).toEqual(['this morning', 'just now'])
    expect((await c.core.api['approvals.export']({ since: now - 3_600_000 })).rows).toBe(1)
    const bulk = (await c.admin('POST', '/api/v1/rpc/approvals.bulk', { filter: { since: now - 6 * 3_600_000 }, action: 'rejected', approver_name: 'test' })).body.result as { decided: number[] }
    expect(bulk.decided).toHaveLength(2)
    expect(await titles('status=pending')).toEqual(['last month'])
  })

  it('executions since a moment: the list, its export and a retry of what it shows all keep to it', async () => {
    const c = await start()
    const sqlite = c.core.internals.database.sqlite
    sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Leads', '[]', 1, 1)").run()
    const insert = sqlite.prepare("insert into workflow_executions (workflow_id, status, trigger_event, error_message, created_at, updated_at) values (1, 'failed', 'lead.created', 'SMTP 550', ?, ?)")
    const now = c.clock.now()
    for (const ago of [30 * 86_400_000, 2 * 3_600_000, 60_000]) insert.run(now - ago, now - ago)
    const listed = async (query: string) => ((await c.admin('GET', `/api/v1/executions?${query}`)).body as { total: number }).total
    expect(await listed('status=failed')).toBe(3)
    expect(await listed(`status=failed&since=${now - 3_600_000}`)).toBe(1)
    expect(await listed(`since=${now - 3 * 3_600_000}&search=SMTP`)).toBe(2)
    expect((await c.admin('GET', '/api/v1/executions?since=yesterday')).status).toBe(400)
    const exported = await c.core.api['executions.export']({ since: now - 3 * 3_600_000 })
    expect(exported.rows).toBe(2)
    const retried = (await c.admin('POST', '/api/v1/rpc/executions.retryMany', { filter: { status: 'failed', since: now - 3_600_000 } })).body.result as { retried: unknown[] }
    expect(retried.retried).toHaveLength(1)
  })

  it('failures still standing: those no later attempt retried, listed, counted for today, retried by that filter', async () => {
    const c = await start()
    const sqlite = c.core.internals.database.sqlite
    sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Leads', '[]', 1, 1)").run()
    const now = c.clock.now()
    const insert = sqlite.prepare("insert into workflow_executions (workflow_id, status, trigger_event, error_message, retry_of, created_at, updated_at) values (1, ?, 'lead.created', 'SMTP 550', ?, ?, ?)")
    const failed = (retryOf: number | null = null) => Number(insert.run('failed', retryOf, now, now).lastInsertRowid)
    const first = failed()
    const second = failed()
    // The first was retried, and that attempt failed too; the second was retried and worked.
    const firstAgain = failed(first)
    insert.run('completed', second, now, now)
    failed()
    const standing = async () => ((await c.admin('GET', '/api/v1/executions?status=failed&not_retried=true')).body as { items: { id: number }[] }).items.map((e) => e.id)
    expect(await standing()).toEqual([firstAgain + 2, firstAgain])
    const dashboard = async () => (await c.admin('GET', '/api/v1/monitoring/dashboard')).body as { executions_today: { failed: number }; failed_not_retried_today: number }
    expect(await dashboard()).toMatchObject({ executions_today: { failed: 4 }, failed_not_retried_today: 2 })

    const retried = (await c.admin('POST', '/api/v1/rpc/executions.retryMany', { filter: { status: 'failed', not_retried: true } })).body.result as { retried: { id: number; new_id: number }[] }
    expect(retried.retried.map((r) => r.id).sort()).toEqual([firstAgain, firstAgain + 2])
    // Those two stand no more; only their new attempts can (Leads has no n8n webhook, so they fail too).
    const newAttempts = retried.retried.map((r) => r.new_id)
    expect((await standing()).every((id) => newAttempts.includes(id))).toBe(true)
    expect((await dashboard()).failed_not_retried_today).toBe((await standing()).length)
  })
})
