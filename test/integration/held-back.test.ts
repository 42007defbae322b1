import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { FakeN8n } from '../helpers/fake-n8n'
import { TEST_ADMIN_TOKEN, type RunningCore } from '../helpers/core'
import { coreAndFakeN8nPerTest } from '../helpers/approval-requests'
import { workflowRuns } from '../helpers/workflow-runs'
import { tempDir } from '../helpers/temp'
import { seedHistory } from '../bench/seed'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { ExecutionQueries } from '../../src/main/core/executions/execution-queries'

const ids = (body: Record<string, unknown>) => (body.items as { id: number }[]).map((e) => e.id)

describe('executions held back from n8n', () => {
  let c: RunningCore
  let n8n: FakeN8n
  const { admin, createWorkflow, trigger, sentTo } = workflowRuns(() => c, () => n8n)

  coreAndFakeN8nPerTest({}, (core, fake) => ((c = core), (n8n = fake)))

  /** mails may start one an hour (one sent, three waiting); paused has its calls held (one waiting); free sends everything. */
  async function heldAndFree() {
    const mails = await createWorkflow('mails', { max_per_hour: 1 })
    const paused = await createWorkflow('paused')
    const free = await createWorkflow('free')
    await admin('PUT', `/api/v1/workflows/${paused.id}`, { calls_held: true })
    const mailRuns = [await trigger(mails.id), await trigger(mails.id), await trigger(mails.id), await trigger(mails.id)]
    const pausedRun = await trigger(paused.id)
    const freeRuns = [await trigger(free.id), await trigger(free.id)]
    await c.tick()
    expect(sentTo('mails')).toEqual([mailRuns[0]])
    expect(sentTo('free')).toEqual(freeRuns)
    expect(sentTo('paused')).toEqual([])
    return { mails, paused, free, mailRuns, pausedRun, freeRuns }
  }

  it('lists exactly those a limit or held calls keep from n8n, newest first, and no others', async () => {
    const { mails, paused, mailRuns, pausedRun } = await heldAndFree()
    const held = (await admin('GET', '/api/v1/executions?held_back=true')).body
    expect(ids(held)).toEqual([pausedRun, mailRuns[3], mailRuns[2], mailRuns[1]])
    expect(held.total).toBe(4)
    expect(ids((await admin('GET', `/api/v1/executions?held_back=true&workflow_id=${mails.id}`)).body)).toEqual([mailRuns[3], mailRuns[2], mailRuns[1]])
    expect((await admin('GET', '/api/v1/executions?held_back=false')).body.total).toBe(7)

    // Sent anyway, one is no longer held back.
    expect((await admin('POST', `/api/v1/executions/${mailRuns[1]}/send-now`)).status).toBe(200)
    expect(ids((await admin('GET', '/api/v1/executions?held_back=true')).body)).toEqual([pausedRun, mailRuns[3], mailRuns[2]])

    // A raised limit and released calls let everything go: nothing is held back any more.
    await admin('PUT', `/api/v1/workflows/${mails.id}`, { max_per_hour: null })
    await admin('PUT', `/api/v1/workflows/${paused.id}`, { calls_held: false })
    expect((await admin('GET', '/api/v1/executions?held_back=true')).body).toMatchObject({ items: [], total: 0 })
    await c.tick()
    expect(sentTo('paused')).toEqual([pausedRun])
  })

  it('sends all those held back now in one call; held calls still hold theirs', async () => {
    const { paused, mailRuns, pausedRun } = await heldAndFree()
    const sent = (await admin('POST', '/api/v1/executions/bulk-send-now', { filter: { held_back: true } })).body
    expect(sent).toEqual({ sent: [mailRuns[1], mailRuns[2], mailRuns[3], pausedRun], skipped: [], remaining: 0 })
    await c.tick()
    expect(sentTo('mails')).toEqual(mailRuns)
    expect(sentTo('paused')).toEqual([])
    expect(ids((await admin('GET', '/api/v1/executions?held_back=true')).body)).toEqual([pausedRun])
    await admin('PUT', `/api/v1/workflows/${paused.id}`, { calls_held: false })
    await c.tick()
    expect(sentTo('paused')).toEqual([pausedRun])
    // Named ones that are not pending are skipped with why.
    expect((await admin('POST', '/api/v1/executions/bulk-send-now', { ids: [mailRuns[0]] })).body).toEqual({
      sent: [],
      skipped: [{ id: mailRuns[0], reason: `Execution ${mailRuns[0]} is running; only a pending execution waits to be sent` }],
      remaining: 0,
    })
  })

  it('a bad flag is refused with what is wrong', async () => {
    const refused = await admin('GET', '/api/v1/executions?held_back=yes')
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/held_back/)
  })

  it('cancels and exports exactly what the list shows', async () => {
    const { mails, mailRuns, pausedRun } = await heldAndFree()
    const gated = await createWorkflow('gated', { requires_approval: true })
    const waitingForApproval = await trigger(gated.id)
    const response = await fetch(`${c.adminUrl}/api/v1/executions/export.csv?held_back=true&workflow_id=${mails.id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })
    const exported = parse(await response.text(), { columns: true, bom: true }) as { id: string }[]
    expect(exported.map((row) => Number(row.id))).toEqual([mailRuns[3], mailRuns[2], mailRuns[1]])

    // Pending too, the execution waiting for its approval is not held back: it stays.
    const cancelled = (await admin('POST', '/api/v1/executions/bulk-cancel', { filter: { held_back: true } })).body
    expect(cancelled).toMatchObject({ cancelled: [mailRuns[1], mailRuns[2], mailRuns[3], pausedRun], skipped: [], remaining: 0 })
    expect((await admin('GET', `/api/v1/executions/${waitingForApproval}`)).body).toMatchObject({ status: 'pending' })
    await admin('PUT', `/api/v1/workflows/${mails.id}`, { max_per_hour: null })
    await c.tick()
    expect(sentTo('mails')).toEqual([mailRuns[0]])
  })
})

describe('the held-back filter over a long history', () => {
  it('reads by id from the outbox, through no index over all of a workflow’s or a status’s executions', () => {
    const temp = tempDir()
    const opened = openDatabase({ file: path.join(temp.dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      seedHistory(opened.sqlite, Date.now(), { events: 10, executions: 5_000, approvals: 10 })
      opened.sqlite.exec('analyze')
      const queries = new ExecutionQueries(opened.sqlite, { now: () => Date.now() }, () => new Map([[1, { left: 0, heldBy: 'hourly', opensAt: 1 }]]))
      for (const filter of [{ held_back: true }, { held_back: true, workflow_id: 1 }, { held_back: true, workflow_id: 1, status: 'pending' as const }]) {
        const { sql, params } = queries.where(filter)
        const plan = (opened.sqlite.prepare(`explain query plan select id from workflow_executions ${sql} order by id desc`).all(...params) as { detail: string }[]).map((row) => row.detail)
        expect(plan[0]).toBe('SEARCH workflow_executions USING INTEGER PRIMARY KEY (rowid=?)')
        // Only the outbox's pending rows are read: by status, or by workflow and status.
        expect(plan.join('\n')).toMatch(/SEARCH o USING INDEX outbox_\w+ \((workflow_id=\? AND )?status=\?\)/)
      }
      // Without it, the workflow's own index serves the filter as before.
      const { sql, params } = queries.where({ workflow_id: 1 })
      expect((opened.sqlite.prepare(`explain query plan select id from workflow_executions ${sql}`).all(...params) as { detail: string }[])[0]!.detail).toContain('workflow_executions_workflow_idx')
    } finally {
      opened.close()
      temp.cleanup()
    }
  })
})
