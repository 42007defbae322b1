import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/main/core/logger'
import { n8nClientFrom } from '../../src/main/core/n8n/n8n-client'
import { N8nFailureWatch } from '../../src/main/core/n8n/n8n-failures'
import { FakeN8n } from '../helpers/fake-n8n'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe('runs that failed in n8n without Flowgate starting them', () => {
  let c: RunningCore
  let n8n: FakeN8n
  afterEach(async () => {
    await c.close()
    await n8n.stop()
  })
  const setup = async (withApi = true) => {
    n8n = new FakeN8n()
    await n8n.start()
    const api: Record<string, string> = withApi ? { N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey } : {}
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WORKFLOW_MAX_RETRIES: '0', ...api })
  }
  const linkedWorkflow = async (n8nId: string, name: string) =>
    (await c.admin('POST', '/api/v1/workflows', { workflow_name: name, n8n_workflow_id: n8nId, webhook_url: n8n.webhookUrl(n8nId) })).body.id as number
  const failures = () => c.events('n8n_run_failed') as { n8n_execution_id: string; error: string; mode: string | null }[]
  const smtp = { node: 'Send mail', message: 'SMTP 550: mailbox unavailable' }

  it("are reported once each, with why, beside Flowgate's own executions and never for them", async () => {
    await setup()
    const nightly = await linkedWorkflow('wfNightly', 'Nightly sync')
    const now = c.clock.now()
    n8n.runOnItsOwn('wfNightly', { status: 'error', error: smtp, stoppedAt: now - 3 * 24 * HOUR })
    const recent = n8n.runOnItsOwn('wfNightly', { status: 'error', error: smtp, stoppedAt: now - 2 * HOUR })
    n8n.runOnItsOwn('wfNightly', { status: 'success', stoppedAt: now - HOUR })
    n8n.runOnItsOwn('wfOther', { status: 'error', error: smtp, stoppedAt: now - HOUR })
    // A run Flowgate started that failed in n8n: its execution says so, not this watch.
    n8n.mode = 'respond-with-id'
    const dispatched = (await c.admin('POST', `/api/v1/workflows/${nightly}/trigger`, {})).body.id as number
    await c.tick()
    const ours = (await c.admin('GET', `/api/v1/executions/${dispatched}`)).body.n8n_execution_id as string
    n8n.executions.get(ours)!.status = 'error'

    // The first look was at start, before the workflow was linked; the next comes minutes later.
    c.clock.advance(5 * MINUTE)
    await c.tick()
    await c.tick()
    expect(failures()).toEqual([{ n8n_execution_id: recent, error: '"Send mail" failed: SMTP 550: mailbox unavailable', mode: 'trigger', stopped_at: new Date(now - 2 * HOUR).toISOString() }])
    const event = (await c.admin('GET', '/api/v1/monitoring/events?event_type=n8n_run_failed')).body.items as { severity: string; workflow_id: number }[]
    expect(event).toMatchObject([{ severity: 'error', workflow_id: nightly }])
    expect((await c.admin('GET', '/api/v1/monitoring/dashboard')).body).toMatchObject({ n8n_runs_failed_today: 1 })

    // Looked at again a few minutes on: nothing twice; a new failure is news.
    c.clock.advance(5 * MINUTE)
    const later = n8n.runOnItsOwn('wfNightly', { status: 'error', error: { node: 'Fetch leads', message: 'The resource you are requesting could not be found' }, stoppedAt: c.clock.now() - MINUTE })
    await c.tick()
    await c.tick()
    expect(failures().map((f) => [f.n8n_execution_id, f.error])).toEqual([
      [recent, '"Send mail" failed: SMTP 550: mailbox unavailable'],
      [later, '"Fetch leads" failed: The resource you are requesting could not be found'],
    ])
    // The workflow's page counts those of the last 24 hours; a day on, none.
    expect((await c.admin('GET', `/api/v1/workflows/${nightly}/stats`)).body).toMatchObject({ n8n_failed_last_day: 2 })
    c.clock.advance(24 * HOUR)
    expect((await c.admin('GET', `/api/v1/workflows/${nightly}/stats`)).body).toMatchObject({ n8n_failed_last_day: 0 })
  })

  it('a restart does not report again what was reported before', async () => {
    await setup()
    await linkedWorkflow('wfNightly', 'Nightly sync')
    n8n.runOnItsOwn('wfNightly', { status: 'error', error: smtp, stoppedAt: c.clock.now() - HOUR })
    c.clock.advance(5 * MINUTE)
    await c.tick()
    await c.tick()
    expect(failures()).toHaveLength(1)
    // A fresh watch, as after a restart, over the same database.
    const watch = new N8nFailureWatch(c.core.internals.database.sqlite, c.core.internals.monitor, () => n8nClientFrom({ N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey }), c.clock, silentLogger)
    await watch.run(c.clock.now())
    await c.tick()
    expect(failures()).toHaveLength(1)
  })

  it('without the n8n API nothing is asked, and an n8n that does not answer is tried again at the next look', async () => {
    await setup(false)
    await linkedWorkflow('wfNightly', 'Nightly sync')
    n8n.runOnItsOwn('wfNightly', { status: 'error', error: smtp, stoppedAt: c.clock.now() - HOUR })
    c.clock.advance(5 * MINUTE)
    await c.tick()
    expect(failures()).toEqual([])
    await c.close()
    await n8n.stop()

    await setup()
    await linkedWorkflow('wfNightly', 'Nightly sync')
    const port = new URL(n8n.base).port
    await n8n.stop()
    c.clock.advance(5 * MINUTE)
    await c.tick()
    expect(failures()).toEqual([])
    await n8n.start(Number(port))
    n8n.runOnItsOwn('wfNightly', { status: 'error', error: smtp, stoppedAt: c.clock.now() - HOUR })
    c.clock.advance(5 * MINUTE)
    await c.tick()
    await c.tick()
    expect(failures()).toHaveLength(1)
  })
})
