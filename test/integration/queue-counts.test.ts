import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'
import { olderMigrations } from '../helpers/older-migrations'
import { tempDir } from '../helpers/temp'

const recount = (sqlite: { prepare: (sql: string) => { all: () => unknown[] } }) =>
  Object.fromEntries(
    ['queued', 'processing', 'completed', 'failed'].map((status) => [
      status,
      (sqlite.prepare(`select count(*) as n from webhook_queue where status = '${status}'`).all()[0] as { n: number }).n,
    ]),
  )

describe('queue counts per status', () => {
  let c: RunningCore | undefined
  afterEach(async () => {
    await c?.close()
    c = undefined
  })

  it('are counted from the rows already there when the database is upgraded', () => {
    const { dir, cleanup } = tempDir()
    const migrations = olderMigrations(dir, 'queue_status_counts')
    const file = path.join(dir, 'flowgate.db')
    const before = openDatabase({ file, migrationsDir: migrations })
    const insert = before.sqlite.prepare("insert into webhook_queue (kind, webhook_payload, status, received_at, created_at, updated_at) values ('trigger', '{}', ?, 1, 1, 1)")
    for (const [status, n] of [['queued', 3], ['completed', 5], ['failed', 2]] as const) for (let i = 0; i < n; i++) insert.run(status)
    before.close()
    const after = openDatabase({ file, migrationsDir: findMigrationsDir() })
    try {
      expect(Object.fromEntries(after.sqlite.prepare('select status, n from webhook_queue_counts').all().map((r) => [(r as { status: string }).status, (r as { n: number }).n]))).toEqual({
        queued: 3,
        processing: 0,
        completed: 5,
        failed: 2,
      })
    } finally {
      after.close()
      cleanup()
    }
  })

  it('stay exact through intake, processing, failure, replay and delete', async () => {
    let failing = true
    c = await startTestCore(
      { N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WORKFLOW_MAX_RETRIES: '0' },
      { handlers: { trigger: (item) => { if (failing && (item.payload as { n: number }).n % 2 === 0) throw new Error('n8n said 500') } } },
    )
    const wf = c.addWorkflow()
    const ids: number[] = []
    for (let n = 1; n <= 6; n++) {
      const text = JSON.stringify({ n })
      const response = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${wf}`, { method: 'POST', body: text, headers: { ...json, ...sign.hmac(text, TEST_WEBHOOK_SECRET) } })
      ids.push(((await response.json()) as { queued: number }).queued)
    }
    const status = async () => (await c!.admin('GET', '/api/v1/webhooks/queue/status')).body as { counts: Record<string, number>; total: number }
    await c.tick()
    expect((await status()).counts).toEqual({ queued: 0, processing: 0, completed: 3, failed: 3 })

    failing = false
    expect((await c.admin('POST', `/api/v1/webhooks/queue/${ids[1]}/replay`)).status).toBe(200)
    await c.tick()
    expect((await c.admin('DELETE', `/api/v1/webhooks/queue/${ids[0]}`)).status).toBe(200)
    const final = await status()
    expect(final.counts).toEqual({ queued: 0, processing: 0, completed: 3, failed: 2 })
    expect(final.counts).toEqual(recount(c.core.internals.database.sqlite))
    expect(final.total).toBe(5)
    // List totals come from the same counts when only the status is filtered.
    expect((await c.admin('GET', '/api/v1/webhooks/queue')).body.total).toBe(5)
    expect((await c.admin('GET', '/api/v1/webhooks/queue?status=completed')).body.total).toBe(3)
    expect((await c.admin('GET', `/api/v1/webhooks/queue?status=failed&workflow_id=${wf}`)).body.total).toBe(2)
  })
})
