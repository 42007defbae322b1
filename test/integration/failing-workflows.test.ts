import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, type RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { reportCompleted, reportFailed } from '../helpers/n8n-callbacks'
import { FailingWorkflowWatch } from '../../src/main/core/workflows/failing-workflows'
import { silentLogger, type Logger } from '../../src/main/core/logger'
import path from 'node:path'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import type { Monitor } from '../../src/main/core/monitor'
import type { PushBus } from '../../src/main/core/push'
import { tempDir } from '../helpers/temp'

describe('workflows that keep failing', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger, sentTo } = workflowRuns(() => c, () => n8n)
  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  const dashboard = async () => (await admin('GET', '/api/v1/monitoring/dashboard')).body as { failing_workflows: unknown[]; held_workflows: unknown[] }
  const workflow = async (id: number) => (await admin('GET', `/api/v1/workflows/${id}`)).body
  /** Triggers one execution, lets it reach n8n, and has n8n report it failed. */
  const failOnce = async (workflowId: number, message: string) => {
    const execution = await trigger(workflowId)
    await c.tick()
    await reportFailed(c, workflowId, execution, message)
    return execution
  }

  it('are warned about once per run of failures, listed with their latest error, and clear at the next completed run', async () => {
    const mailer = await createWorkflow('mailer')
    const t0 = c.clock.now()
    await failOnce(mailer.id, 'SMTP 550: mailbox 1 unavailable')
    c.clock.advance(60_000)
    await failOnce(mailer.id, 'SMTP 550: mailbox 2 unavailable')
    expect(await workflow(mailer.id)).toMatchObject({ failed_in_a_row: 2, failing_since: t0 })
    expect((await dashboard()).failing_workflows).toEqual([])
    expect(c.events('workflow_failing')).toEqual([])

    // A cancelled execution neither breaks the run of failures nor counts in it.
    const cancelled = await trigger(mailer.id)
    expect((await admin('POST', `/api/v1/executions/${cancelled}/cancel`)).status).toBe(200)
    await failOnce(mailer.id, 'SMTP 550: mailbox 3 unavailable')
    expect((await dashboard()).failing_workflows).toEqual([
      { id: mailer.id, workflow_name: 'mailer', failed_in_a_row: 3, failing_since: t0, last_error: 'SMTP 550: mailbox 3 unavailable' },
    ])
    await failOnce(mailer.id, 'SMTP 550: mailbox 4 unavailable')
    expect(await workflow(mailer.id)).toMatchObject({ failed_in_a_row: 4, calls_held: false, calls_held_reason: null })
    // The dashboard's table of workflows counts its runs of the range, the cancelled one among them.
    expect((await admin('GET', '/api/v1/monitoring/dashboard')).body.workflow_activity).toEqual([{ id: mailer.id, runs: 5, failed: 4, last_at: c.clock.now() }])
    expect(c.events('workflow_failing')).toEqual([
      { reason: '"mailer": its last 3 runs failed (SMTP 550: mailbox 3 unavailable)', failed_in_a_row: 3, failing_since: t0, after_execution_id: null },
    ])

    // Its page says what its failures said, numbers aside: those of this workflow alone.
    const other = await createWorkflow('other')
    await failOnce(other.id, 'SMTP 550: mailbox 9 unavailable')
    expect((await admin('GET', `/api/v1/workflows/${mailer.id}/stats`)).body.error_groups).toEqual([
      { pattern: 'SMTP 550: mailbox … unavailable', search: 'SMTP 550: mailbox', count: 4, workflow_ids: [mailer.id], last_at: expect.any(Number) },
    ])

    const fixed = await trigger(mailer.id)
    await c.tick()
    await reportCompleted(c, mailer.id, fixed)
    expect(await workflow(mailer.id)).toMatchObject({ failed_in_a_row: 0, failing_since: null })
    expect((await dashboard()).failing_workflows).toEqual([])

    // Broken again later: a new run of failures, a new warning.
    const again = []
    for (const n of [5, 6, 7]) again.push(await failOnce(mailer.id, `SMTP 550: mailbox ${n} unavailable`))
    // Each failure's page names the last run that worked, to compare inputs with; none before the first.
    expect((await admin('GET', `/api/v1/executions/${again[2]}`)).body.last_worked).toEqual({ id: fixed, created_at: expect.any(Number), input_data: { n: 1 } })
    expect((await admin('GET', `/api/v1/executions/${fixed}`)).body.last_worked).toBeNull()
    expect((await admin('GET', `/api/v1/executions/${fixed - 1}`)).body.last_worked).toBeNull()
    expect(c.events('workflow_failing').map((event) => (event as { reason: string }).reason)).toEqual([
      '"mailer": its last 3 runs failed (SMTP 550: mailbox 3 unavailable)',
      '"mailer": its last 3 runs failed (SMTP 550: mailbox 7 unavailable)',
    ])
    expect(c.events('workflow_failing')[1]).toMatchObject({ failed_in_a_row: 3, after_execution_id: fixed })
    // Switched off, it is no longer listed as failing.
    await admin('PUT', `/api/v1/workflows/${mailer.id}`, { is_active: false })
    expect((await dashboard()).failing_workflows).toEqual([])
  })

  it('hold their calls to n8n after as many failures in a row as asked, saying why; released by the operator, calls go again', async () => {
    const deploys = await createWorkflow('deploys', { hold_after_failures: 2 })
    const other = await createWorkflow('other')
    expect(deploys).toMatchObject({ hold_after_failures: 2, calls_held: false })
    await failOnce(deploys.id, 'Vercel: token expired')
    expect(await workflow(deploys.id)).toMatchObject({ calls_held: false })
    await failOnce(deploys.id, 'Vercel: token expired')
    expect(await workflow(deploys.id)).toMatchObject({ calls_held: true, calls_held_reason: 'its last 2 runs failed (Vercel: token expired)', failed_in_a_row: 2 })
    expect(c.events('calls_held_automatically')).toEqual([
      { reason: 'Calls to n8n held for "deploys": its last 2 runs failed (Vercel: token expired); release them once it is fixed', failed_in_a_row: 2 },
    ])
    expect((await dashboard()).held_workflows).toEqual([{ id: deploys.id, workflow_name: 'deploys', waiting_calls: 0, reason: 'its last 2 runs failed (Vercel: token expired)' }])

    // Nothing more goes to the broken workflow; the others are not affected.
    const waiting = await trigger(deploys.id)
    const elsewhere = await trigger(other.id)
    await c.tick()
    expect(sentTo('deploys')).toHaveLength(2)
    expect(sentTo('other')).toEqual([elsewhere])
    expect((await admin('GET', `/api/v1/executions/${waiting}`)).body).toMatchObject({ status: 'pending', calls_held: true })

    // Released: the waiting call goes, and Flowgate's reason is gone.
    expect((await admin('PUT', `/api/v1/workflows/${deploys.id}`, { calls_held: false })).body).toMatchObject({ calls_held: false, calls_held_reason: null })
    await c.tick()
    expect(sentTo('deploys')).toHaveLength(3)
    // Held by the operator, no reason of Flowgate's is shown.
    expect((await admin('PUT', `/api/v1/workflows/${deploys.id}`, { calls_held: true })).body).toMatchObject({ calls_held: true, calls_held_reason: null })
  })

  it.each([
    [0, 'hold_after_failures: must be at least 1 (empty for never)'],
    [1001, 'hold_after_failures'],
    [2.5, 'hold_after_failures'],
    ['3', 'hold_after_failures'],
  ])('refuse hold_after_failures %j with a clear message, changing nothing', async (value, message) => {
    const workflow = await createWorkflow('limited', { hold_after_failures: 5 })
    const answer = await admin('PUT', `/api/v1/workflows/${workflow.id}`, { hold_after_failures: value })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toContain(message)
    expect((await admin('GET', `/api/v1/workflows/${workflow.id}`)).body).toMatchObject({ hold_after_failures: 5 })
  })
})

it('a run of failures warned about before a restart is not warned about again after it', async () => {
  const c = await startTestCore()
  const sqlite = c.core.internals.database.sqlite
  const id = c.addWorkflow({ name: 'nightly' })
  const insert = sqlite.prepare("insert into workflow_executions (workflow_id, status, error_message, created_at, updated_at) values (?, 'failed', 'boom', ?, ?)")
  for (let i = 0; i < 3; i++) insert.run(id, c.clock.now() + i, c.clock.now() + i)
  const warnings = () => sqlite.prepare("select count(*) from workflow_monitoring where event_type = 'workflow_failing'").pluck().get()

  const before = new FailingWorkflowWatch(sqlite, c.core.internals.monitor, c.core.push, silentLogger)
  before.afterFailure(id, c.clock.now())
  before.afterFailure(id, c.clock.now())
  await c.core.internals.monitor.flush()
  expect(warnings()).toBe(1)
  // A watch that starts afresh (as after a restart) reads the warning from the activity log.
  insert.run(id, c.clock.now() + 10, c.clock.now() + 10)
  new FailingWorkflowWatch(sqlite, c.core.internals.monitor, c.core.push, silentLogger).afterFailure(id, c.clock.now())
  await c.core.internals.monitor.flush()
  expect(warnings()).toBe(1)
  await c.close()
})

it('a problem while looking at a run of failures is logged, never passed up to the failure it follows', () => {
  const { dir, cleanup } = tempDir()
  const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
  const logged: string[] = []
  const log = { error: (_: unknown, message: string) => logged.push(message) } as unknown as Logger
  const watch = new FailingWorkflowWatch(database.sqlite, { record: () => undefined } as unknown as Monitor, { emit: () => undefined } as unknown as PushBus, log)
  database.sqlite.exec('drop table workflow_executions')
  expect(() => watch.afterFailure(1, Date.now())).not.toThrow()
  expect(logged).toEqual(['could not look at the run of failures'])
  database.close()
  cleanup()
})
