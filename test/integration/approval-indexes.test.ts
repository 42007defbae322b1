import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OpenedDatabase } from '../../src/main/core/db/open'
import { inboxRank } from '../../src/main/core/db/schema'
import { tempDatabase } from '../helpers/temp-database'

describe('approval indexes', () => {
  let opened: OpenedDatabase

  beforeEach(() => {
    opened = tempDatabase()
    const insert = opened.sqlite.prepare(
      "insert into workflow_approvals (approval_type, approval_title, status, priority, resume_url, created_at, updated_at) values ('email_send', 'Send', 'approved', 'medium', ?, 1, 1)",
    )
    // Approvals Flowgate's own gate asked for have no resume URL; n8n's requests each have one.
    opened.sqlite.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run(i % 2 ? `http://n8n.example/webhook-waiting/${i}` : null)
    })()
    opened.sqlite.exec('analyze')
  })

  afterEach(() => opened.close())

  it("finds n8n's repeat of an approval request by its resume URL through an index, not a read of every approval", () => {
    const plan = (opened.sqlite.prepare('explain query plan select id from workflow_approvals where resume_url = ?').all('x') as { detail: string }[]).map((row) => row.detail)
    expect(plan.join('\n')).toContain('workflow_approvals_resume_url_idx')
    const entries = opened.sqlite.prepare("select count(*) from workflow_approvals indexed by workflow_approvals_resume_url_idx where resume_url is not null").pluck().get()
    expect(entries).toBe(1_000)
  })

  it('walks the inbox order over every status for the list of all approvals, sorting nothing', () => {
    const plan = (opened.sqlite.prepare(`explain query plan select id from workflow_approvals order by ${inboxRank}, created_at, id limit 50`).all() as { detail: string }[]).map((row) => row.detail).join('\n')
    expect(plan).toContain('workflow_approvals_order_idx')
    expect(plan).not.toContain('TEMP B-TREE')
  })
})
