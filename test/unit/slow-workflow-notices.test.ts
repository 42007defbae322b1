import { describe, expect, it } from 'vitest'
import { newSlowWorkflowNotices, SLOW_NOTICE_EVERY_MS } from '../../src/main/desktop/slow-workflow-notices'

describe('notices of workflows running slower than usual', () => {
  const videos = { id: 9, name: 'Videos', recentRuns: 4, recentSeconds: 132, usualSeconds: 30 }
  const mailer = { id: 3, name: 'Mailer', recentRuns: 6, recentSeconds: 95, usualSeconds: 12 }

  it('say nothing at the first look, but remember what was slow then', () => {
    const first = newSlowWorkflowNotices(null, [videos], 1000)
    expect(first.notices).toEqual([])
    expect(first.announced).toEqual(new Map([[9, 1000]]))
    expect(newSlowWorkflowNotices(first.announced, [videos], 2000).notices).toEqual([])
  })

  it('announce a workflow that turns slow, opening it, then not again within the day', () => {
    const { notices, announced } = newSlowWorkflowNotices(new Map([[9, 1000]]), [videos, mailer], 5000)
    expect(notices).toEqual([
      {
        title: '"Mailer" runs slower than usual',
        body: 'Its last 6 runs took 1 min 35 s (median) against 12.0 s before: look at what it calls, before runs time out.',
        click: { kind: 'openWorkflow', id: 3 },
        approvalId: null,
        actions: [],
      },
    ])
    expect(announced).toEqual(new Map([[9, 1000], [3, 5000]]))
    // It came back to its usual speed and turned slow again the same day: no second notice.
    expect(newSlowWorkflowNotices(announced, [], 6000).notices).toEqual([])
    expect(newSlowWorkflowNotices(announced, [mailer], 5000 + SLOW_NOTICE_EVERY_MS - 1).notices).toEqual([])
    expect(newSlowWorkflowNotices(announced, [mailer], 5000 + SLOW_NOTICE_EVERY_MS).notices.map((notice) => notice.title)).toEqual(['"Mailer" runs slower than usual'])
  })
})
