import { describe, expect, it } from 'vitest'
import { FAILED_EXECUTIONS_READ, newAiBudgetNotice, newBackupFailureNotice, newExecutionFailureNotices, newFailureNotice } from '../../src/main/desktop/status-notices'

describe('notices of what changed', () => {
  it('announces webhooks that failed for good once, as they are added, and opens the queue', () => {
    expect(newFailureNotice(null, 5)).toBeNull()
    expect(newFailureNotice(5, 5)).toBeNull()
    expect(newFailureNotice(5, 2)).toBeNull()
    expect(newFailureNotice(2, 3)).toMatchObject({ title: 'A webhook failed for good', click: { kind: 'openQueue' }, approvalId: null, actions: [] })
    expect(newFailureNotice(0, 4)?.title).toBe('4 webhooks failed for good')
    // The newest one's workflow and reason, when known; a click opens it.
    expect(newFailureNotice(0, 2, { id: 41, workflow: 'Lead intake', error: 'input_data: lead_score must be a number (it is text)' })).toMatchObject({
      title: '2 webhooks failed for good',
      body: '"Lead intake": input_data: lead_score must be a number (it is text) — open it to correct and replay.',
      click: { kind: 'openQueue', id: 41 },
    })
    expect(newFailureNotice(0, 1, { id: 42, workflow: null, error: 'generic needs {event, data}' })?.body).toBe('generic needs {event, data} — open it to correct and replay.')
  })

  it('announces executions that failed since the last look: one each, or one for a burst, none at the first look', () => {
    const failed = (id: number, workflow = 'Demo deploy') => ({ id, workflow, error: `SMTP 550: mailbox ${id} unavailable` })
    expect(newExecutionFailureNotices(undefined, [failed(3)])).toEqual([])
    expect(newExecutionFailureNotices(3, [failed(3), failed(2)])).toEqual([])
    expect(newExecutionFailureNotices(3, [failed(5), failed(4), failed(3)])).toEqual([
      { title: 'Execution #5 failed: Demo deploy', body: 'SMTP 550: mailbox 5 unavailable', click: { kind: 'openExecution', id: 5 }, approvalId: null, actions: [] },
      { title: 'Execution #4 failed: Demo deploy', body: 'SMTP 550: mailbox 4 unavailable', click: { kind: 'openExecution', id: 4 }, approvalId: null, actions: [] },
    ])
    expect(newExecutionFailureNotices(null, [{ id: 1, workflow: 'Lead sync', error: null }])[0]).toMatchObject({ title: 'Execution #1 failed: Lead sync', body: 'No error message' })
    const burst = newExecutionFailureNotices(10, [failed(14, 'A'), failed(13, 'B'), failed(12, 'A'), failed(11, 'C'), failed(10)])
    expect(burst).toEqual([{ title: '4 executions failed', body: 'A, B, C', click: { kind: 'openList', link: '#/executions?status=failed&period=today&not_retried=true' }, approvalId: null, actions: [] }])
    const flood = Array.from({ length: FAILED_EXECUTIONS_READ }, (_, i) => failed(500 - i, `W${i}`))
    expect(newExecutionFailureNotices(100, flood)[0]).toMatchObject({ title: `${FAILED_EXECUTIONS_READ}+ executions failed`, body: 'W0, W1, W2, …' })
  })

  it('announces each new backup failure once, not one already there at the first look', () => {
    const failure = { at: 10, message: 'ENOSPC: no space left on device' }
    expect(newBackupFailureNotice(undefined, failure)).toBeNull()
    expect(newBackupFailureNotice(null, null)).toBeNull()
    expect(newBackupFailureNotice(failure, failure)).toBeNull()
    expect(newBackupFailureNotice(null, failure)).toMatchObject({ title: 'A backup failed', click: { kind: 'openSettings' }, approvalId: null, actions: [] })
    expect(newBackupFailureNotice(null, failure)?.body).toBe('ENOSPC: no space left on device — Flowgate tries again within the hour; Settings shows the backup folder.')
    expect(newBackupFailureNotice(failure, { at: 20, message: 'x'.repeat(400) })?.body).toMatch(/^x{159}… — Flowgate tries again/)
  })

  it("announces once that today's AI budget is spent: not at the first look, nor again while it stays spent", () => {
    const spent = { spent: 1.0234, budget: 1 }
    expect(newAiBudgetNotice(undefined, spent)).toBeNull()
    expect(newAiBudgetNotice(spent, { ...spent, spent: 1.2 })).toBeNull()
    expect(newAiBudgetNotice(null, null)).toBeNull()
    expect(newAiBudgetNotice(null, spent)).toEqual({
      title: "Today's AI budget is spent",
      body: 'The model cost $1.02 of $1.00 today: new approvals wait for you until midnight UTC, or raise the budget in Settings.',
      click: { kind: 'openSettings' },
      approvalId: null,
      actions: [],
    })
  })
})
