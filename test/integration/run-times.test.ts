import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import type { RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { reportCompleted, reportFailed } from '../helpers/n8n-callbacks'

const HOUR = 3_600_000

describe('workflows running slower than usual', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger } = workflowRuns(() => c, () => n8n)
  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

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
    await run(mailer.id, 130)
    // Five times slower, but 4 s more: nobody's problem.
    await runs(quick.id, [5, 5, 5])
    expect(await slowListed()).toEqual([{ id: mailer.id, workflow_name: 'mailer', recent_seconds: 125, recent_runs: 3, usual_seconds: 30, usual_runs: 10, slower: true }])
    expect(await runTimes(quick.id)).toEqual({ recent_seconds: 5, recent_runs: 3, usual_seconds: 1, usual_runs: 10, slower: false })

    // Switched off, it is not the operator's concern on the dashboard; its own page still says so.
    expect((await admin('PUT', `/api/v1/workflows/${mailer.id}`, { is_active: false })).status).toBe(200)
    expect(await slowListed()).toEqual([])
    expect(await runTimes(mailer.id)).toMatchObject({ slower: true })
    expect((await admin('PUT', `/api/v1/workflows/${mailer.id}`, { is_active: true })).status).toBe(200)

    // Back to its usual speed, the recent median falls back under the line.
    await runs(mailer.id, [30, 30, 30, 30])
    expect(await runTimes(mailer.id)).toMatchObject({ recent_seconds: 30, recent_runs: 7, slower: false })
    expect(await slowListed()).toEqual([])

    // A day later its slow runs are part of what is usual.
    c.clock.advance(25 * HOUR)
    expect(await runTimes(mailer.id)).toEqual({ recent_seconds: null, recent_runs: 0, usual_seconds: 30, usual_runs: 17, slower: false })
  })
})
