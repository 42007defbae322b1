import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OpenedDatabase } from '../../src/main/core/db/open'
import { whereEquals } from '../../src/main/core/db/where'
import { seedQueue } from '../bench/seed'
import { tempDatabase } from '../helpers/temp-database'

describe('webhook queue indexes', () => {
  let opened: OpenedDatabase

  beforeEach(() => {
    opened = tempDatabase()
    const now = Date.now()
    seedQueue(opened.sqlite, now, 5_000)
    opened.sqlite
      .prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Leads', '[]', ?, ?)")
      .run(now, now)
    const keyed = opened.sqlite.prepare(
      `insert into webhook_queue (workflow_id, kind, webhook_payload, dedupe_key, status, received_at, created_at, updated_at)
       values (1, 'trigger', '{}', ?, 'queued', ?, ?, ?)`,
    )
    for (let i = 0; i < 50; i++) keyed.run(`1:delivery-${i}`, now, now, now)
    opened.sqlite.exec('analyze')
  })

  afterEach(() => opened.close())

  const planOf = (sql: string, ...params: unknown[]) =>
    (opened.sqlite.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n')

  it('keeps no entry for webhooks without a workflow or a dedupe key, nor for any not yet processed', () => {
    const partial = opened.sqlite.prepare("select name from pragma_index_list('webhook_queue') where partial = 1").pluck().all() as string[]
    expect(partial.sort()).toEqual(['webhook_queue_completed_idx', 'webhook_queue_dedupe_unique', 'webhook_queue_workflow_idx'])
    // 5,050 queued webhooks: the processed-webhooks index holds none of them.
    expect(opened.sqlite.prepare("select count(*) from webhook_queue indexed by webhook_queue_completed_idx where status = 'completed'").pluck().get()).toBe(0)
  })

  it('finds the oldest processed webhooks for retention through their own index', () => {
    expect(planOf("select min(processed_at) from webhook_queue where status = 'completed'")).toContain('webhook_queue_completed_idx')
    expect(planOf("select id from webhook_queue where status = 'completed' and processed_at < ? order by processed_at limit 500", 0)).toContain('webhook_queue_completed_idx')
  })

  it('still serves the workflow filter and the dedupe lookup', () => {
    const byWorkflow = whereEquals({ workflow_id: 1 })
    expect(planOf(`select id from webhook_queue ${byWorkflow.sql} order by id desc limit 50`, ...byWorkflow.params)).toContain('webhook_queue_workflow_idx')
    expect(planOf('select id from webhook_queue where dedupe_key = ?', '1:delivery-7')).toContain('webhook_queue_dedupe_unique')
  })
})
