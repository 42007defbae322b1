import { describe, expect, it } from 'vitest'
import { corePerTest, type RunningCore } from '../helpers/core'

interface Precedents {
  counts: { approved: number; rejected: number; expired: number }
  recent: { id: number; title: string; status: string; decided_by: string | null; reason: string | null; with_changes: boolean }[]
  reasons: { text: string; decision: string; times: number }[]
}

describe('earlier decisions beside an approval', () => {
  let c: RunningCore
  corePerTest({}, (core) => (c = core))

  /** Approvals straight into the table: [workflow, type, status, title, decided at, reason, approved data]. */
  const add = (rows: [number, string, string, string, number | null, string | null, string | null][]) => {
    const insert = c.core.internals.database.sqlite.prepare(
      `insert into workflow_approvals (workflow_id, approval_type, status, approval_title, decided_at, decided_by, decision_reason, approved_data, priority, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, 'medium', 1, 1) returning id`,
    )
    return rows.map(([workflow, type, status, title, decidedAt, reason, approvedData]) =>
      Number(insert.pluck().get(workflow, type, status, title, decidedAt, decidedAt === null ? null : 'Ada', reason, approvedData)),
    )
  }

  it('counts and lists how requests of the same workflow and kind were decided, newest first', async () => {
    const mailer = c.addWorkflow({ name: 'Mailer' })
    const other = c.addWorkflow({ name: 'Deploys' })
    const [asked] = add([[mailer, 'email_send', 'pending', 'Spring campaign', null, null, null]])
    const [winter] = add([[mailer, 'email_send', 'approved', 'Winter campaign', 100, null, null]])
    add([
      [mailer, 'email_send', 'rejected', 'Bulk to everyone', 300, 'list too large', null],
      [mailer, 'email_send', 'approved', 'Autumn campaign', 200, null, '{"to":["a@x.io"]}'],
      [mailer, 'email_send', 'expired', 'Forgotten one', 50, 'no decision in time', null],
      [mailer, 'video_create', 'approved', 'Another kind', 400, null, null],
      [other, 'email_send', 'approved', 'Another workflow', 500, null, null],
      [mailer, 'email_send', 'pending', 'Still waiting', null, null, null],
    ])
    const answer = await c.admin('GET', `/api/v1/approvals/${asked}/precedents`)
    expect(answer.status).toBe(200)
    const precedents = answer.body as unknown as Precedents
    expect(precedents.counts).toEqual({ approved: 2, rejected: 1, expired: 1 })
    expect(precedents.recent.map((p) => [p.title, p.status, p.reason, p.with_changes])).toEqual([
      ['Bulk to everyone', 'rejected', 'list too large', false],
      ['Autumn campaign', 'approved', null, true],
      ['Winter campaign', 'approved', null, false],
      ['Forgotten one', 'expired', 'no decision in time', false],
    ])
    // A decided approval is not its own precedent.
    const ofWinter = (await c.admin('GET', `/api/v1/approvals/${winter}/precedents`)).body as unknown as Precedents
    expect(ofWinter.counts).toEqual({ approved: 1, rejected: 1, expired: 1 })
    expect(ofWinter.recent.map((p) => p.title)).not.toContain('Winter campaign')
    expect(precedents.reasons).toEqual([{ text: 'list too large', decision: 'rejected', times: 1 }])
  })

  it('offers the reasons given most often in such decisions, the same words counted together, expiries left out', async () => {
    const mailer = c.addWorkflow({ name: 'Mailer' })
    const [asked] = add([[mailer, 'email_send', 'pending', 'Spring campaign', null, null, null]])
    add([
      [mailer, 'email_send', 'rejected', 'One', 10, 'Wrong recipient list', null],
      [mailer, 'email_send', 'rejected', 'Two', 20, '  wrong   recipient list ', null],
      [mailer, 'email_send', 'rejected', 'Three', 30, 'Not this week', null],
      [mailer, 'email_send', 'approved', 'Four', 40, 'Checked with sales', null],
      [mailer, 'email_send', 'approved', 'Five', 50, 'Checked with sales', null],
      [mailer, 'email_send', 'approved', 'Six', 60, 'checked with sales', null],
      [mailer, 'email_send', 'approved', 'Seven', 70, '', null],
      [mailer, 'email_send', 'expired', 'Eight', 80, 'no decision in time', null],
      [mailer, 'video_create', 'rejected', 'Another kind', 90, 'Too long', null],
    ])
    const { reasons } = (await c.admin('GET', `/api/v1/approvals/${asked}/precedents`)).body as unknown as Precedents
    expect(reasons).toEqual([
      // In the newest wording.
      { text: 'checked with sales', decision: 'approved', times: 3 },
      { text: 'wrong recipient list', decision: 'rejected', times: 2 },
      { text: 'Not this week', decision: 'rejected', times: 1 },
    ])
  })

  it('has none for a first request, and says so for an unknown approval', async () => {
    const mailer = c.addWorkflow({ name: 'Mailer' })
    const [asked] = add([[mailer, 'demo_deploy', 'pending', 'First deploy', null, null, null]])
    expect((await c.admin('GET', `/api/v1/approvals/${asked}/precedents`)).body).toEqual({ counts: { approved: 0, rejected: 0, expired: 0 }, recent: [], reasons: [] })
    const missing = await c.admin('GET', '/api/v1/approvals/999/precedents')
    expect(missing.status).toBe(404)
  })
})
