import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { tempDir } from '../helpers/temp'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json } from '../helpers/sign'

const SECOND = 1000

describe('execution lifecycle: cancel, retry, timeouts', () => {
  let c: RunningCore
  let n8n: FakeN8n

  const setup = async (options: { withApi?: boolean; config?: Record<string, string> } = {}) => {
    n8n = new FakeN8n()
    await n8n.start()
    const api: Record<string, string> = options.withApi ? { N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey } : {}
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WORKFLOW_EXECUTION_TIMEOUT_SECONDS: '300', ...api, ...options.config })
  }
  afterEach(async () => {
    await c.close()
    await n8n.stop()
  })
  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const tick = () => c.tick()
  const workflow = async (fields: object = {}) =>
    (await admin('POST', '/api/v1/workflows', { workflow_name: `wf-${Math.random()}`, webhook_url: n8n.webhookUrl('w'), ...fields })).body.id as number
  const trigger = async (workflowId: number) => (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, {})).body.id as number
  const execution = async (id: number) => (await admin('GET', `/api/v1/executions/${id}`)).body

  it('cancels a pending execution: its dispatch is never sent', async () => {
    await setup()
    n8n.mode = 'unavailable'
    const id = await trigger(await workflow())
    await tick()
    const cancelled = await admin('POST', `/api/v1/executions/${id}/cancel`)
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', error_message: 'cancelled by the operator' } })
    n8n.mode = 'started'
    c.clock.advance(3600 * SECOND)
    await tick()
    expect(n8n.received).toHaveLength(0)
    expect(await admin('POST', `/api/v1/executions/${id}/cancel`)).toMatchObject({ status: 409, body: { message: `Execution ${id} is cancelled; only pending or running executions can be cancelled` } })
  })

  it('cancelling a running execution asks n8n to stop it, with the API key', async () => {
    await setup({ withApi: true })
    n8n.mode = 'respond-with-id'
    const id = await trigger(await workflow())
    await tick()
    expect(await execution(id)).toMatchObject({ status: 'running', n8n_execution_id: '100' })
    await admin('POST', `/api/v1/executions/${id}/cancel`)
    await tick()
    expect(n8n.stopped).toEqual(['100'])
    expect((await execution(id)).status).toBe('cancelled')
  })

  it('cancelling closes the open approval of a gated execution', async () => {
    await setup()
    const id = await trigger(await workflow({ requires_approval: true }))
    await admin('POST', `/api/v1/executions/${id}/cancel`)
    const approval = c.core.internals.database.sqlite.prepare('select status, decision_reason, decision_source from workflow_approvals where execution_id = ?').get(id)
    expect(approval).toEqual({ status: 'rejected', decision_reason: 'execution cancelled', decision_source: 'api' })
    // The execution names the approval that gated it, with who decided and why.
    const gate = c.core.internals.database.sqlite.prepare('select id, approval_title, approval_type, decided_by, decided_at from workflow_approvals where execution_id = ?').get(id) as Record<string, unknown>
    expect((await execution(id)).approvals).toEqual([
      { id: gate.id, title: gate.approval_title, approval_type: gate.approval_type, status: 'rejected', decided_by: gate.decided_by, decided_at: gate.decided_at, decision_reason: 'execution cancelled' },
    ])
    const ungated = await trigger(await workflow())
    expect((await execution(ungated)).approvals).toEqual([])
  })

  it('retries a failed execution as a new, linked attempt', async () => {
    // No automatic retries, so the first refusal fails the execution.
    await setup({ config: { WORKFLOW_MAX_RETRIES: '0' } })
    n8n.mode = 'not-registered'
    const workflowId = await workflow()
    const id = await trigger(workflowId)
    await tick()
    expect((await execution(id)).status).toBe('failed')
    n8n.mode = 'started'
    const retried = await admin('POST', `/api/v1/executions/${id}/retry`)
    expect(retried).toMatchObject({ status: 200, body: { retry_of: id, attempt: 2, trigger_source: 'retry', status: 'pending' } })
    await tick()
    expect(n8n.received).toHaveLength(1)
    expect(n8n.received[0]!.body.flowgate.execution_id).toBe(retried.body.id)
    expect((await admin('POST', `/api/v1/executions/${retried.body.id}/retry`)).status).toBe(409)
    expect((await admin('GET', `/api/v1/workflows/${workflowId}/stats`)).body).toMatchObject({ execution_count: 2, failure_count: 1 })
  })

  it('retries with the input corrected: n8n gets the new input, the failed attempt keeps its own, and the log names what changed', async () => {
    await setup({ config: { WORKFLOW_MAX_RETRIES: '0' } })
    n8n.mode = 'not-registered'
    const workflowId = await workflow()
    const asked = { email: 'ada@exmaple.com', lead_score: 80, tags: ['a'] }
    const id = (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, { input_data: asked })).body.id as number
    await tick()
    n8n.mode = 'started'
    // Refused as a whole, changing nothing: not an object, or too large.
    for (const [input, message] of [
      [['x'], 'input_data'],
      [{ blob: 'x'.repeat(1_048_600) }, 'input_data: is larger than 1 MiB as JSON'],
    ] as const) {
      const refused = await admin('POST', `/api/v1/executions/${id}/retry`, { input_data: input })
      expect(refused.status).toBe(400)
      expect(refused.body.message).toContain(message)
    }
    expect((await execution(id)).status).toBe('failed')

    const corrected = { ...asked, email: 'ada@example.com' }
    const retried = await admin('POST', `/api/v1/executions/${id}/retry`, { input_data: corrected })
    expect(retried).toMatchObject({ status: 200, body: { retry_of: id, attempt: 2, input_data: corrected } })
    await tick()
    expect(n8n.received.map((r) => r.body.data)).toEqual([corrected])
    expect((await execution(id)).input_data).toEqual(asked)
    expect(c.events('execution_retried')).toEqual([{ newExecutionId: retried.body.id, changed: ['email'] }])
    expect(c.events('execution_created').at(-1)).toEqual({ trigger_event: 'manual', trigger_source: 'retry', changed: ['email'] })
    const audit = c.core.internals.database.sqlite.prepare("select event_data from workflow_monitoring where event_type = 'operator_action' order by id desc limit 1").pluck().get() as string
    expect(JSON.parse(audit).summary).toBe(`retried execution #${id} as #${retried.body.id} with its input changed`)
  })

  it('retries an attempt only once: a second retry of it would send the same thing twice', async () => {
    await setup({ config: { WORKFLOW_MAX_RETRIES: '0' } })
    n8n.mode = 'not-registered'
    const id = await trigger(await workflow())
    await tick()
    const first = await admin('POST', `/api/v1/executions/${id}/retry`)
    expect(first.status).toBe(200)
    expect(await admin('POST', `/api/v1/executions/${id}/retry`)).toMatchObject({
      status: 409,
      body: { message: `Execution ${id} was already retried as #${first.body.id}; retry that attempt if it failed too` },
    })
    await tick()
    expect((await execution(first.body.id as number)).status).toBe('failed')
    // Its page points to the attempt that retried it, as that attempt is now.
    expect((await execution(id)).retried_as).toEqual({ id: first.body.id, status: 'failed' })
    expect((await execution(first.body.id as number)).retried_as).toBeNull()
    const third = (await admin('POST', `/api/v1/executions/${first.body.id}/retry`)).body
    expect(third).toMatchObject({ retry_of: first.body.id, attempt: 3, retried_as: null })
    expect((await execution(first.body.id as number)).retried_as).toEqual({ id: third.id, status: 'pending' })
  })

  it('retries every failed execution a filter shows, in one go, each once, and says what it skipped', async () => {
    await setup({ config: { WORKFLOW_MAX_RETRIES: '0' } })
    n8n.mode = 'not-registered'
    const [a, b] = [await workflow(), await workflow()]
    const failed = [await trigger(a), await trigger(a), await trigger(b)]
    await tick()
    n8n.mode = 'started'
    const done = await trigger(a)
    await tick()
    expect((await execution(done)).status).toBe('running')
    const ofA = await admin('POST', '/api/v1/executions/bulk-retry', { filter: { workflow_id: a } })
    expect(ofA).toMatchObject({ status: 200, body: { skipped: [], remaining: 0 } })
    const retried = ofA.body.retried as { id: number; new_id: number }[]
    expect(retried.map((r) => r.id)).toEqual([failed[0], failed[1]])
    await tick()
    expect(n8n.received.map((r) => r.body.flowgate.execution_id).sort()).toEqual([done, ...retried.map((r) => r.new_id)].sort())
    // The same filter again finds nothing new: those attempts were retried already.
    expect((await admin('POST', '/api/v1/executions/bulk-retry', { filter: { workflow_id: a } })).body).toEqual({ retried: [], skipped: [], remaining: 0 })
    // Named ids: each one that cannot run again is skipped with its reason; the rest go ahead.
    const named = await admin('POST', '/api/v1/executions/bulk-retry', { ids: [failed[2], failed[0], done, 999_999] })
    expect(named.body.retried).toEqual([{ id: failed[2], new_id: expect.any(Number) }])
    expect(named.body.skipped).toEqual([
      { id: failed[0], reason: `Execution ${failed[0]} was already retried as #${retried[0]!.new_id}; retry that attempt if it failed too` },
      { id: done, reason: `Execution ${done} is running; only failed or cancelled executions can be retried` },
      { id: 999_999, reason: 'Execution 999999 does not exist' },
    ])
    expect((await admin('POST', '/api/v1/executions/bulk-retry', { ids: [] })).status).toBe(400)
    expect((await admin('POST', '/api/v1/executions/bulk-retry', { filter: { status: 'running' } })).status).toBe(400)
  })

  it('bulk retry takes at most a thousand at a time, oldest first, and says how many remain', async () => {
    await setup()
    const workflowId = await workflow()
    const sqlite = c.core.internals.database.sqlite
    const insert = sqlite.prepare("insert into workflow_executions (workflow_id, status, input_data, trigger_event, trigger_source, attempt, created_at, updated_at) values (?, 'failed', '{}', 'seeded', 'api', 1, 0, 0)")
    sqlite.transaction(() => {
      for (let i = 0; i < 1005; i++) insert.run(workflowId)
    })()
    const seeded = sqlite.prepare("select id from workflow_executions where trigger_event = 'seeded' order by id").pluck().all() as number[]
    const first = await admin('POST', '/api/v1/executions/bulk-retry', { filter: {} })
    expect((first.body.retried as { id: number }[]).map((r) => r.id)).toEqual(seeded.slice(0, 1000))
    expect(first.body.remaining).toBe(5)
    const second = await admin('POST', '/api/v1/executions/bulk-retry', { filter: { status: 'failed' } })
    expect((second.body.retried as unknown[]).length).toBe(5)
    expect(second.body.remaining).toBe(0)
  })

  it('paused for n8n maintenance, calls wait however long it takes, then all go out', async () => {
    await setup({ config: { WORKFLOW_MAX_RETRIES: '0' } })
    const workflowId = await workflow()
    expect((await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_CALLS_PAUSED: true } })).status).toBe(200)
    const ids = [await trigger(workflowId), await trigger(workflowId)]
    c.clock.advance(6 * 3600 * SECOND)
    await tick()
    expect(n8n.received).toHaveLength(0)
    expect((await Promise.all(ids.map(execution))).map((e) => e.status)).toEqual(['pending', 'pending'])
    const health = (await admin('GET', '/api/v1/health')).body as { status: string; checks: { n8n: { status: string; detail: string } } }
    expect(health.status).toBe('degraded')
    expect(health.checks.n8n).toEqual({ status: 'degraded', detail: 'calls to n8n are paused (Settings); 2 calls waiting' })

    await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_CALLS_PAUSED: false } })
    await tick()
    expect(n8n.received.map((r) => r.body.flowgate.execution_id).sort()).toEqual([...ids].sort())
    expect((await Promise.all(ids.map(execution))).map((e) => e.status)).toEqual(['running', 'running'])
  })

  it('fails a running execution past its timeout when n8n cannot be asked', async () => {
    await setup()
    const workflowId = await workflow({ timeout_seconds: 120 })
    const id = await trigger(workflowId)
    await tick()
    expect((await execution(id)).status).toBe('running')
    c.clock.advance(119 * SECOND)
    await tick()
    expect((await execution(id)).status).toBe('running')
    c.clock.advance(1 * SECOND)
    await tick()
    expect(await execution(id)).toMatchObject({ status: 'failed', error_message: 'timeout: no result within 120 s' })
    expect((await admin('GET', `/api/v1/workflows/${workflowId}/stats`)).body).toMatchObject({ failure_count: 1 })
  })

  it('records a batch of sent calls in one go; a result that cannot be recorded is undone alone and sent again', async () => {
    await setup()
    const workflowId = await workflow()
    const ids = [await trigger(workflowId), await trigger(workflowId), await trigger(workflowId)]
    const sqlite = c.core.internals.database.sqlite
    sqlite.exec(`create trigger refuse_second before update of status on workflow_executions when new.id = ${ids[1]} and new.status = 'running'
      begin select raise(abort, 'execution row is locked by a test'); end`)
    await tick()
    expect(n8n.received).toHaveLength(3)
    expect(await Promise.all(ids.map(async (id) => (await execution(id)).status))).toEqual(['running', 'pending', 'running'])
    const outbox = sqlite.prepare('select execution_id, status, attempts, last_error from outbox order by id').all()
    expect(outbox).toEqual([
      { execution_id: ids[0], status: 'done', attempts: 1, last_error: null },
      { execution_id: ids[1], status: 'pending', attempts: 1, last_error: 'execution row is locked by a test' },
      { execution_id: ids[2], status: 'done', attempts: 1, last_error: null },
    ])
  })

  it("asks n8n about an overdue execution and follows its answer", async () => {
    await setup({ withApi: true })
    n8n.mode = 'respond-with-id'
    const id = await trigger(await workflow())
    await tick()
    c.clock.advance(300 * SECOND)
    await tick()
    expect((await execution(id)).status).toBe('running')
    n8n.executions.get('100')!.status = 'success'
    c.clock.advance(300 * SECOND)
    await tick()
    expect((await execution(id)).status).toBe('completed')
  })
})

describe('dispatch across failures', () => {
  it('fails the execution once the retries are used up', async () => {
    const n8n = new FakeN8n()
    await n8n.start()
    n8n.mode = 'unavailable'
    const c = await startTestCore({ WORKFLOW_MAX_RETRIES: '2' })
    try {
      const admin = (path: string, body?: unknown) =>
        fetch(`${c.adminUrl}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...json },
          body: body === undefined ? undefined : JSON.stringify(body),
        }).then((r) => r.json() as Promise<Record<string, unknown>>)
      const workflowId = (await admin('/api/v1/workflows', { workflow_name: 'Down', webhook_url: n8n.webhookUrl('down') })).id
      const id = (await admin(`/api/v1/workflows/${workflowId}/trigger`, {})).id
      for (const wait of [0, 60, 120]) {
        c.clock.advance(wait * SECOND)
        await new Promise((r) => setTimeout(r, 30))
        await c.core.internals.scheduler.tick()
      }
      expect(await admin(`/api/v1/executions/${id}`)).toMatchObject({
        status: 'failed',
        error_message: 'n8n answered 503: {"message":"Service Unavailable"} (gave up after 3 attempts)',
      })
    } finally {
      await c.close()
      await n8n.stop()
    }
  })

  it('a dispatch decided before a stop is sent after the restart, once', async () => {
    const n8n = new FakeN8n()
    await n8n.start()
    const { dir, cleanup } = tempDir()
    const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN }
    const first = createCore({ dataDir: dir, config, clock: new ManualClock(), log: silentLog })
    await first.start()
    const workflow = await first.api['workflows.create']({ workflow_name: 'Restart', webhook_url: n8n.webhookUrl('restart'), trigger_events: [], is_active: true, requires_approval: false, auto_approval_enabled: false, calls_held: false, alerts_muted: false, default_approval_type: 'workflow_execution', default_priority: 'medium' })
    // Decided, and even picked up for sending, when the process stops.
    await first.internals.scheduler.stop()
    const execution = await first.api['workflows.trigger']({ id: workflow.id, trigger_event: 'manual', trigger_source: 'api', input_data: {} })
    first.internals.database.sqlite.prepare("update outbox set status = 'sending'").run()
    await first.stop()
    expect(n8n.received).toHaveLength(0)

    const second = createCore({ dataDir: dir, config, clock: new ManualClock(), log: silentLog })
    await second.start()
    for (let i = 0; i < 50 && n8n.received.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await second.internals.scheduler.tick()
    expect(n8n.received.map((r) => r.body.flowgate.execution_id)).toEqual([execution.id])
    await second.stop()
    await n8n.stop()
    cleanup()
  })
})
