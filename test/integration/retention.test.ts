import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { notToldApprovalIds } from '../../src/main/core/approvals/approval-row'
import { resendDecision } from '../../src/main/core/approvals/resend-decision'
import { ManualClock } from '../../src/main/core/clock'
import { Outbox } from '../../src/main/core/dispatch/outbox'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { oldCalls, Retention } from '../../src/main/core/retention'
import { tempDir } from '../helpers/temp'

const DAY = 86_400_000

describe('retention', () => {
  it('deletes in small batches, each after the writer thread went quiet, with the event loop free between them', async () => {
    const { dir, cleanup } = tempDir()
    const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      const clock = new ManualClock()
      const now = clock.now()
      const insert = database.sqlite.prepare("insert into workflow_monitoring (event_type, severity, event_data, timestamp) values ('old', 'info', '{}', ?)")
      database.sqlite.transaction(() => {
        for (let i = 0; i < 3_000; i++) insert.run(now - 40 * DAY + i)
      })()
      let quietCalls = 0
      const retention = new Retention(database.sqlite, clock, { events: () => 30, webhooks: () => 30, calls: () => 30, executions: () => null }, async () => void (quietCalls += 1))

      let finished = false
      const run = retention.run(now).then(() => (finished = true))
      const finishedWhenOthersRan = await new Promise<boolean>((resolve) => setImmediate(() => resolve(finished)))
      await run

      expect(finishedWhenOthersRan).toBe(false)
      expect(database.sqlite.prepare('select count(*) from workflow_monitoring').pluck().get()).toBe(0)
      // 3,000 rows: six full batches of 500, then one that finds nothing left; then one for webhooks and one for calls.
      expect(quietCalls).toBe(9)
    } finally {
      database.close()
      cleanup()
    }
  })

  it('deletes processed webhooks past their own period; failed and waiting ones stay, and the queue counts stay exact', async () => {
    const { dir, cleanup } = tempDir()
    const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      const clock = new ManualClock()
      const now = clock.now()
      const insert = database.sqlite.prepare(
        `insert into webhook_queue (kind, webhook_payload, status, received_at, processed_at, created_at, updated_at)
         values ('generic_event', '{"event":"e","data":{}}', ?, ?, ?, ?, ?)`,
      )
      const add = (status: string, ageDays: number, count: number) => {
        const at = now - ageDays * DAY
        for (let i = 0; i < count; i++) insert.run(status, at, status === 'queued' ? null : at, at, at)
      }
      database.sqlite.transaction(() => {
        add('completed', 10, 1_200)
        add('completed', 3, 7)
        add('failed', 10, 4)
        add('queued', 10, 2)
      })()
      const retention = new Retention(database.sqlite, clock, { events: () => 30, webhooks: () => 7, calls: () => 30, executions: () => null })
      await retention.run(now)
      const left = database.sqlite.prepare('select status, count(*) as n from webhook_queue group by status order by status').all()
      expect(left).toEqual([
        { status: 'completed', n: 7 },
        { status: 'failed', n: 4 },
        { status: 'queued', n: 2 },
      ])
      const counts = database.sqlite.prepare("select status, n from webhook_queue_counts where n > 0 order by status").all()
      expect(counts).toEqual(left.map((row) => ({ status: (row as { status: string }).status, n: (row as { n: number }).n })))
      // Next run: when the newest kept ones cross the line (in 4 days), or within the hour.
      expect(retention.nextDueAt()).toBe(now + 3_600_000)
      clock.advance(4 * DAY + 1)
      await retention.run(clock.now())
      expect(database.sqlite.prepare("select count(*) from webhook_queue where status = 'completed'").pluck().get()).toBe(0)
    } finally {
      database.close()
      cleanup()
    }
  })

  it('deletes calls n8n took past their period, and the failures they made good; what n8n was not told of stays', async () => {
    const { dir, cleanup } = tempDir()
    const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      const { sqlite } = database
      const clock = new ManualClock()
      const now = clock.now()
      const approval = (title: string) =>
        Number(
          sqlite
            .prepare("insert into workflow_approvals (approval_type, approval_title, resume_url, status, created_at, updated_at) values ('email_send', ?, 'http://n8n/webhook-waiting/1', 'approved', 1, 1)")
            .run(title).lastInsertRowid,
        )
      const workflowId = sqlite.prepare("insert into n8n_workflows (workflow_name, created_at, updated_at) values ('calls', 0, 0)").run().lastInsertRowid
      const execution = () =>
        Number(sqlite.prepare("insert into workflow_executions (workflow_id, status, attempt, created_at, updated_at) values (?, 'completed', 1, 1, 1)").run(workflowId).lastInsertRowid)
      const call = (kind: string, owner: { approvalId?: number; executionId?: number }, status: string, ageDays: number) =>
        Number(
          sqlite
            .prepare(
              `insert into outbox (kind, target_url, body, approval_id, execution_id, status, next_attempt_at, created_at, updated_at)
               values (?, 'http://n8n/x', '{"decision":"approved"}', ?, ?, ?, ?, ?, ?)`,
            )
            .run(kind, owner.approvalId ?? null, owner.executionId ?? null, status, now - ageDays * DAY, now - ageDays * DAY, now - ageDays * DAY).lastInsertRowid,
        )
      const told = approval('failed, then sent again, both long ago')
      const toldLately = approval('failed long ago, sent again lately')
      const notTold = approval('failed long ago, never sent again')
      const retried = execution()
      call('resume', { approvalId: toldLately }, 'failed', 45)
      const kept = {
        waiting: [call('dispatch', { executionId: execution() }, 'pending', 40), call('stop', { executionId: execution() }, 'sending', 40)],
        recent: call('resume', { approvalId: approval('sent lately') }, 'done', 29),
        toldLately: call('resume', { approvalId: toldLately }, 'done', 3),
        notTold: call('resume', { approvalId: notTold }, 'failed', 50),
        // A dispatch that failed for good and was never retried: its execution says so.
        unretried: call('dispatch', { executionId: execution() }, 'failed', 50),
      }
      call('resume', { approvalId: told }, 'failed', 45)
      call('resume', { approvalId: told }, 'done', 44)
      call('dispatch', { executionId: retried }, 'failed', 45)
      call('dispatch', { executionId: retried }, 'done', 44)
      sqlite.transaction(() => {
        for (let i = 0; i < 1_100; i++) call('dispatch', { executionId: execution() }, 'done', 31)
      })()

      await new Retention(sqlite, clock, { events: () => 30, webhooks: () => 30, calls: () => 30, executions: () => null }).run(now)

      const left = sqlite.prepare('select id from outbox order by id').pluck().all()
      expect(left).toEqual([...kept.waiting, kept.recent, kept.toldLately, kept.notTold, kept.unretried].sort((a, b) => a - b))
      expect(sqlite.prepare(notToldApprovalIds).pluck().all()).toEqual([notTold])
      // The decision pruned long after n8n took it is not sent again.
      const resend = (id: number) => resendDecision({ sqlite, clock, outbox: new Outbox(sqlite), resent: () => undefined }, id)
      expect(() => resend(told)).toThrow(`n8n already took approval ${told}'s decision`)
      resend(notTold)
      expect(sqlite.prepare("select count(*) from outbox where approval_id = ? and status = 'pending'").pluck().get(notTold)).toBe(1)
    } finally {
      database.close()
      cleanup()
    }
  })

  it('finds old calls through indexes, not by reading every call', () => {
    const { dir, cleanup } = tempDir()
    const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      const plan = (sql: string) =>
        (database.sqlite.prepare(`explain query plan ${sql}`).all(...(sql.includes('?') ? [0, 500] : [])) as { detail: string }[]).map((row) => row.detail).join('\n')
      expect(plan(oldCalls.oldest)).toBe('SEARCH outbox USING COVERING INDEX outbox_done_idx')
      expect(plan(oldCalls.done)).toBe('SEARCH outbox USING COVERING INDEX outbox_done_idx (updated_at<?)')
      // Failed calls by status; the later call of the same approval, or of the same execution, by its index.
      const madeGood = plan(oldCalls.madeGood)
      expect(madeGood).toMatch(/^SEARCH o USING INDEX outbox_due_idx \(status=\?\)/)
      expect(madeGood).toContain('SEARCH n USING INDEX outbox_approval_idx (approval_id=? AND rowid>?)')
      expect(madeGood).toContain('SEARCH n USING INDEX outbox_execution_idx (execution_id=? AND rowid>?)')
      expect(madeGood).not.toMatch(/SCAN/)
    } finally {
      database.close()
      cleanup()
    }
  })
})
