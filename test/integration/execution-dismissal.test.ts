import { afterEach, describe, expect, it } from 'vitest'
import { startTestCore, type RunningCore } from '../helpers/core'

type Listed = Record<string, unknown> & { items: { id: number; dismissed_at: number | null }[] }

describe('dismissing failed executions that need no retry', () => {
  let c: RunningCore
  afterEach(() => c.close())

  async function withFailures() {
    c = await startTestCore()
    const sqlite = c.core.internals.database.sqlite
    sqlite.prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Leads', '[]', 1, 1)").run()
    const now = c.clock.now()
    const insert = sqlite.prepare("insert into workflow_executions (workflow_id, status, trigger_event, error_message, retry_of, created_at, updated_at) values (1, ?, 'lead.created', ?, ?, ?, ?)")
    const add = (status: string, retryOf: number | null = null) => Number(insert.run(status, status === 'failed' ? 'SMTP 550' : null, retryOf, now, now).lastInsertRowid)
    const first = add('failed')
    const second = add('failed')
    const worked = add('completed')
    const retried = add('failed')
    const retry = add('failed', retried)
    return { first, second, worked, retried, retry }
  }

  const standing = async () => ((await c.admin('GET', '/api/v1/executions?status=failed&not_retried=true')).body as Listed).items.map((e) => e.id)
  const dashboard = async () => (await c.admin('GET', '/api/v1/monitoring/dashboard')).body as { executions_today: { failed: number }; failed_not_retried_today: number }
  const dismissedAt = async (id: number) => ((await c.admin('GET', `/api/v1/executions/${id}`)).body as { dismissed_at: number | null }).dismissed_at

  it('a dismissed failure leaves those still standing but stays failed; brought back, it stands again', async () => {
    const { first, second, retry } = await withFailures()
    expect(await standing()).toEqual([retry, second, first])
    expect(await dashboard()).toMatchObject({ executions_today: { failed: 4 }, failed_not_retried_today: 3 })

    const dismissed = await c.admin('POST', `/api/v1/executions/${first}/dismiss`)
    expect(dismissed.status).toBe(200)
    expect(dismissed.body).toMatchObject({ id: first, status: 'failed', dismissed_at: c.clock.now() })
    expect(await standing()).toEqual([retry, second])
    expect(await dashboard()).toMatchObject({ executions_today: { failed: 4 }, failed_not_retried_today: 2 })
    expect(((await c.admin('GET', '/api/v1/executions?status=failed')).body as Listed).items.map((e) => e.id)).toContain(first)

    // Dismissed again later, it keeps the first moment.
    const at = c.clock.now()
    c.clock.advance(60_000)
    await c.admin('POST', `/api/v1/executions/${first}/dismiss`, { dismissed: true })
    expect(await dismissedAt(first)).toBe(at)

    const back = await c.admin('DELETE', `/api/v1/executions/${first}/dismiss`)
    expect(back.status).toBe(200)
    expect(back.body.dismissed_at).toBeNull()
    expect(await standing()).toEqual([retry, second, first])

    await c.core.internals.monitor.flush()
    const timeline = ((await c.admin('GET', `/api/v1/executions/${first}`)).body as { execution_log: { event: string; data: { summary?: string } }[] }).execution_log
    expect(timeline.filter((entry) => entry.event === 'operator_action').map((entry) => entry.data.summary)).toEqual([
      `dismissed failed execution #${first} as needing no retry`,
      `dismissed failed execution #${first} as needing no retry`,
      `brought execution #${first} back among the failures to look at`,
    ])
  })

  it('refuses what cannot be dismissed with the reason, changing nothing', async () => {
    const { worked, retried } = await withFailures()
    const refusals = [
      [worked, undefined, 409, `Execution ${worked} is completed; only a failed execution can be dismissed`],
      [retried, undefined, 409, `Execution ${retried} was retried as #${retried + 1}; that attempt is the one to look at`],
      [999, undefined, 404, 'Execution 999 does not exist'],
      [retried, { dismissed: 'yes' }, 400, 'dismissed'],
    ] as const
    for (const [id, body, status, message] of refusals) {
      const response = await c.admin('POST', `/api/v1/executions/${id}/dismiss`, body)
      expect(response.status).toBe(status)
      expect(response.body.message).toContain(message)
    }
    expect(await dismissedAt(worked)).toBeNull()
    expect(await dismissedAt(retried)).toBeNull()
  })

  it('dismisses all a filter shows still standing in one call, skipping named ones it cannot with their reason', async () => {
    const { first, second, worked, retry } = await withFailures()
    const named = (await c.admin('POST', '/api/v1/executions/bulk-dismiss', { ids: [first, worked] })).body as { dismissed: number[]; skipped: { id: number; reason: string }[] }
    expect(named.dismissed).toEqual([first])
    expect(named.skipped).toEqual([{ id: worked, reason: `Execution ${worked} is completed; only a failed execution can be dismissed` }])

    const shown = (await c.admin('POST', '/api/v1/executions/bulk-dismiss', { filter: { status: 'failed', not_retried: true } })).body as { dismissed: number[]; skipped: unknown[]; remaining: number }
    expect(shown).toEqual({ dismissed: [second, retry], skipped: [], remaining: 0 })
    expect(await standing()).toEqual([])
    expect((await dashboard()).failed_not_retried_today).toBe(0)

    const exported = await c.core.api['executions.export']({ status: 'failed' })
    const [header, ...rows] = exported.csv.trim().split('\n')
    expect(header!.split(',').at(-1)).toBe('dismissed_at')
    expect(rows.filter((row) => row.endsWith('Z'))).toHaveLength(3)
    expect((await c.admin('POST', '/api/v1/executions/bulk-dismiss', { filter: { status: 'completed' } })).status).toBe(400)

    // Those dismissed: listed, exported and acted on by the same filter.
    const dismissedOnes = ((await c.admin('GET', '/api/v1/executions?status=failed&dismissed=true')).body as Listed).items.map((e) => e.id)
    expect(dismissedOnes).toEqual([retry, second, first])
    for (const [flag, rows] of [['dismissed', 3], ['not_retried', 0]] as const) {
      const exported = await c.admin('POST', '/api/v1/rpc/executions.export', { status: 'failed', [flag]: true })
      expect(exported.status).toBe(200)
      expect((exported.body.result as { rows: number }).rows).toBe(rows)
    }
    const retriedDismissed = (await c.admin('POST', '/api/v1/executions/bulk-retry', { filter: { status: 'failed', dismissed: true } })).body as { retried: unknown[] }
    expect(retriedDismissed.retried).toHaveLength(3)
  })
})
