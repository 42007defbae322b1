import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { reportCompleted, reportFailed } from '../helpers/n8n-callbacks'
import { SlowWorkflowWatch } from '../../src/main/core/workflows/slow-workflow-watch'
import { silentLogger, type Logger } from '../../src/main/core/logger'

const HOUR = 3_600_000

describe('workflows running slower than usual', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger } = workflowRuns(() => c, () => n8n)
  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  const said = () => [...c.events('workflow_slow'), ...c.events('workflow_usual_speed')] as { reason: string }[]
  const slowListed = async () => (await admin('GET', '/api/v1/monitoring/dashboard')).body.slow_workflows as unknown[]
  const runTimes = async (id: number) => (await admin('GET', `/api/v1/workflows/${id}/stats`)).body.run_times
  /** One execution through n8n that takes `seconds` from its dispatch to n8n's report. */
  const run = async (workflowId: number, seconds: number, outcome: 'completed' | 'failed' = 'completed') => {
    const execution = await trigger(workflowId)
    await c.tick()
    c.clock.advance(seconds * 1000)
    if (outcome === 'completed') await reportCompleted(c, workflowId, execution)
    else await reportFailed(c, workflowId, execution, 'timeout')
    c.clock.advance(60_000)
    return execution
  }
  const runs = async (workflowId: number, seconds: number[]) => {
    for (const s of seconds) await run(workflowId, s)
  }

  it('compare the median of the last 24 hours with the runs before, and list a workflow whose runs take at least twice as long and 10 s more', async () => {
    const mailer = await createWorkflow('mailer')
    const quick = await createWorkflow('quick')
    expect(await runTimes(mailer.id)).toEqual({ recent_seconds: null, recent_runs: 0, usual_seconds: null, usual_runs: 0, slower: false })

    // Its usual runs: 30 s, one odd run of 10 minutes among them moving nothing; a failed run is no run time.
    await runs(mailer.id, [30, 30, 30, 30, 30, 30, 30, 30, 30, 600])
    await run(mailer.id, 900, 'failed')
    await runs(quick.id, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    c.clock.advance(48 * HOUR)
    expect(await runTimes(mailer.id)).toEqual({ recent_seconds: null, recent_runs: 0, usual_seconds: 30, usual_runs: 10, slower: false })

    // Two slow runs are not yet a pattern; the third is.
    await runs(mailer.id, [120, 125])
    expect(await runTimes(mailer.id)).toEqual({ recent_seconds: 122.5, recent_runs: 2, usual_seconds: 30, usual_runs: 10, slower: false })
    expect(await slowListed()).toEqual([])
    expect(said()).toEqual([])
    const slowOne = await run(mailer.id, 130)
    await run(mailer.id, 128)
    // One execution's page says how long its workflow's runs usually took before it.
    expect((await admin('GET', `/api/v1/executions/${slowOne}`)).body).toMatchObject({ duration_seconds: 130, usual_seconds: 30 })
    const pending = await trigger(quick.id)
    expect((await admin('GET', `/api/v1/executions/${pending}`)).body).toMatchObject({ duration_seconds: null, usual_seconds: null })
    await admin('POST', `/api/v1/executions/${pending}/cancel`)
    // Five times slower, but 4 s more: nobody's problem.
    await runs(quick.id, [5, 5, 5])
    expect(await slowListed()).toEqual([{ id: mailer.id, workflow_name: 'mailer', recent_seconds: 126.5, recent_runs: 4, usual_seconds: 30, usual_runs: 10, slower: true }])
    // Said once in the activity log, when the third slow run made it a pattern.
    expect(said()).toEqual([
      { reason: '"mailer" runs slower than usual: its last 3 runs took 2 min 05 s (median) against 30.0 s before', recent_seconds: 125, recent_runs: 3, usual_seconds: 30, usual_runs: 10 },
    ])
    expect(await runTimes(quick.id)).toEqual({ recent_seconds: 5, recent_runs: 3, usual_seconds: 1, usual_runs: 10, slower: false })
    // The registry says so of each workflow, as the list shows it.
    const listed = (await admin('GET', '/api/v1/workflows')).body.items as { id: number; slower_than_usual: boolean }[]
    expect(listed.map((w) => [w.id, w.slower_than_usual])).toEqual([[mailer.id, true], [quick.id, false]])

    // Switched off, it is not the operator's concern on the dashboard; its own page still says so.
    expect((await admin('PUT', `/api/v1/workflows/${mailer.id}`, { is_active: false })).status).toBe(200)
    expect(await slowListed()).toEqual([])
    expect(await runTimes(mailer.id)).toMatchObject({ slower: true })
    expect((await admin('PUT', `/api/v1/workflows/${mailer.id}`, { is_active: true })).status).toBe(200)

    // Back to its usual speed, the recent median falls back under the line.
    await runs(mailer.id, [30, 30, 30, 30])
    expect(await runTimes(mailer.id)).toMatchObject({ recent_seconds: 75, recent_runs: 8, slower: true })
    await run(mailer.id, 30)
    expect(await runTimes(mailer.id)).toMatchObject({ recent_seconds: 30, recent_runs: 9, slower: false })
    expect(await slowListed()).toEqual([])
    expect(said()[1]).toEqual({
      reason: '"mailer" runs at its usual speed again: its last 9 runs took 30.0 s (median), usually 30.0 s',
      recent_seconds: 30,
      recent_runs: 9,
      usual_seconds: 30,
      usual_runs: 10,
    })
    expect(said()).toHaveLength(2)

    // The list sorted by run time: the longest first, whatever their outcome; newest first by default.
    const durations = async (query: string) => ((await admin('GET', `/api/v1/executions?workflow_id=${mailer.id}&page_size=3${query}`)).body.items as { duration_seconds: number }[]).map((e) => e.duration_seconds)
    expect(await durations('&sort=slowest')).toEqual([900, 600, 130])
    expect(await durations('')).toEqual([30, 30, 30])
    const refused = await admin('GET', `/api/v1/executions?sort=longest`)
    expect(refused.status).toBe(400)
    expect(refused.body.message).toContain('sort')

    // A day later its slow runs are part of what is usual.
    c.clock.advance(25 * HOUR)
    expect(await runTimes(mailer.id)).toEqual({ recent_seconds: null, recent_runs: 0, usual_seconds: 30, usual_runs: 19, slower: false })
  })

  it('say a slow spell once, also across a restart, and a problem while looking is logged, never passed up', async () => {
    const sqlite = c.core.internals.database.sqlite
    const id = c.addWorkflow({ name: 'videos' })
    const now = c.clock.now()
    const insert = sqlite.prepare("insert into workflow_executions (workflow_id, status, duration_seconds, created_at, updated_at) values (?, 'completed', ?, ?, ?)")
    for (let i = 0; i < 10; i++) insert.run(id, 40, now - 50 * HOUR + i, now)
    for (let i = 0; i < 3; i++) insert.run(id, 200, now - HOUR + i, now)
    const slowSaid = async () => (await c.core.internals.monitor.flush(), c.events('workflow_slow').length)

    const before = new SlowWorkflowWatch(sqlite, c.core.internals.monitor, silentLogger)
    before.afterCompletion(id, now)
    before.afterCompletion(id, now)
    expect(await slowSaid()).toBe(1)
    // A watch that starts afresh (as after a restart) reads the spell from the activity log.
    new SlowWorkflowWatch(sqlite, c.core.internals.monitor, silentLogger).afterCompletion(id, now)
    expect(await slowSaid()).toBe(1)

    const logged: string[] = []
    const log = { error: (_: unknown, message: string) => logged.push(message) } as unknown as Logger
    const broken = new SlowWorkflowWatch(sqlite, c.core.internals.monitor, log)
    sqlite.exec('drop index workflow_executions_workflow_idx')
    expect(() => broken.afterCompletion(id, now)).not.toThrow()
    expect(logged).toEqual(['could not look at the run times'])
  })
})
