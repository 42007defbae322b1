import path from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { approvalStats } from '../../src/main/core/approvals/approval-stats'
import { openDatabase, type OpenedDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { olderMigrations } from '../helpers/older-migrations'
import { tempDir } from '../helpers/temp'
import { tempDatabase } from '../helpers/temp-database'

const types = ['email_send', 'video_create', 'demo_deploy']
const priorities = ['high', 'medium', 'low']

/** What the panel says, worked out the slow way: grouping every row, sorting every decision. */
function recount(sqlite: Database.Database) {
  const by = (column: string) =>
    Object.fromEntries((sqlite.prepare(`select ${column} as key, count(*) as n from workflow_approvals where ${column} is not null group by ${column}`).all() as { key: string; n: number }[]).map((r) => [r.key, r.n]))
  const times = sqlite.prepare("select decided_at - created_at from workflow_approvals where status in ('approved', 'rejected') order by 1").pluck().all() as number[]
  const middle = times.length === 0 ? null : times.length % 2 ? times[(times.length - 1) / 2]! : (times[times.length / 2 - 1]! + times[times.length / 2]!) / 2
  return {
    by_status: by('status'),
    by_type: by('approval_type'),
    by_priority: by('priority'),
    median_seconds_to_decision: middle === null ? null : Math.round(middle / 1000),
    auto_approval_rate: times.length ? ((by('decision_source').auto as number | undefined) ?? 0) / times.length : null,
  }
}

const shown = (sqlite: Database.Database) => {
  const { by_status, by_type, by_priority, median_seconds_to_decision, auto_approval_rate } = approvalStats(sqlite, Date.now(), null)
  return { by_status, by_type, by_priority, median_seconds_to_decision, auto_approval_rate }
}

describe('the approvals panel', () => {
  let opened: OpenedDatabase | undefined
  afterEach(() => {
    opened?.close()
    opened = undefined
  })

  function open() {
    opened = tempDatabase()
    return opened.sqlite
  }

  it('stays exact through requests, decisions, changes and deletions, read without grouping the table', () => {
    const sqlite = open()
    let seed = 7
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const insert = sqlite.prepare("insert into workflow_approvals (approval_type, approval_title, status, priority, created_at, updated_at) values (?, 'A', 'pending', ?, ?, ?)")
    const decide = sqlite.prepare("update workflow_approvals set status = ?, decision_source = ?, decided_at = created_at + ? where id = ? and status = 'pending'")
    const change = sqlite.prepare('update workflow_approvals set approval_type = ?, priority = ? where id = ?')
    const remove = sqlite.prepare('delete from workflow_approvals where id = ?')
    expect(shown(sqlite)).toEqual(recount(sqlite))
    for (let step = 0; step < 600; step++) {
      const id = 1 + random(step + 1)
      const choice = random(10)
      if (choice < 4) insert.run(types[random(3)], priorities[random(3)], step * 1000, step * 1000)
      else if (choice < 8) decide.run(['approved', 'rejected', 'expired'][random(3)], ['window', 'auto', 'expiry', 'api'][random(4)], random(600) * 1000, id)
      else if (choice < 9) change.run(types[random(3)], priorities[random(3)], id)
      else remove.run(id)
      if (step % 50 === 0) expect(shown(sqlite)).toEqual(recount(sqlite))
    }
    expect(shown(sqlite)).toEqual(recount(sqlite))
    expect(Object.values(shown(sqlite).by_status).reduce((a, b) => a + b, 0)).toBe(sqlite.prepare('select count(*) from workflow_approvals').pluck().get())

    const plan = (sql: string) => (sqlite.prepare(`explain query plan ${sql}`).all(1, 0) as { detail: string }[]).map((row) => row.detail).join('\n')
    const middle = plan("select decided_at - created_at from workflow_approvals indexed by workflow_approvals_decision_time_idx where status in ('approved', 'rejected') order by decided_at - created_at limit ? offset ?")
    expect(middle).toContain('workflow_approvals_decision_time_idx')
    expect(middle).not.toContain('TEMP B-TREE')
  })

  it('counts the approvals already there when the database is upgraded', () => {
    const { dir, cleanup } = tempDir()
    const file = path.join(dir, 'flowgate.db')
    const before = openDatabase({ file, migrationsDir: olderMigrations(dir, 'approval_counts') })
    const insert = before.sqlite.prepare(
      "insert into workflow_approvals (approval_type, approval_title, status, priority, decision_source, decided_at, created_at, updated_at) values (?, 'A', ?, ?, ?, ?, 1, 1)",
    )
    insert.run('email_send', 'pending', 'high', null, null)
    insert.run('email_send', 'approved', 'medium', 'auto', 60_001)
    insert.run('video_create', 'rejected', 'medium', 'window', 120_001)
    before.close()
    const after = openDatabase({ file, migrationsDir: findMigrationsDir() })
    try {
      expect(shown(after.sqlite)).toEqual({
        by_status: { pending: 1, approved: 1, rejected: 1 },
        by_type: { email_send: 2, video_create: 1 },
        by_priority: { high: 1, medium: 2 },
        median_seconds_to_decision: 90,
        auto_approval_rate: 0.5,
      })
    } finally {
      after.close()
      cleanup()
    }
  })
})
