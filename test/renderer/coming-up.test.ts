import { describe, expect, it } from 'vitest'
import type { ComingUp } from '../../src/shared/schemas/monitoring'
import { comingUpText } from '../../src/renderer/src/lib/coming-up'

const item = (patch: Partial<ComingUp>): ComingUp => ({ kind: 'window_opens', at: 0, count: 1, id: null, workflow_id: 3, workflow_name: 'Mailer', ...patch })

describe('coming up, in words', () => {
  it('says what will happen, counted, and for which workflow', () => {
    expect(comingUpText(item({ count: 40 }))).toBe('40 dispatches of "Mailer" go as its send window opens')
    expect(comingUpText(item({}))).toBe('1 dispatch of "Mailer" goes as its send window opens')
    expect(comingUpText(item({ kind: 'hour_allows', count: 12 }))).toBe('the next of 12 waiting dispatches of "Mailer" goes, its hourly limit allowing')
    expect(comingUpText(item({ kind: 'day_allows', count: 2 }))).toBe('the next of 2 waiting dispatches of "Mailer" goes, its daily limit allowing')
    expect(comingUpText(item({ kind: 'dispatch_scheduled', id: 9 }))).toBe('execution #9 of "Mailer" goes to n8n, as scheduled')
    expect(comingUpText(item({ kind: 'dispatch_scheduled', id: 9, count: 3 }))).toBe('execution #9, the first of 3 scheduled of "Mailer", goes to n8n')
    expect(comingUpText(item({ kind: 'backup', workflow_id: null, workflow_name: null }))).toBe('the database backed up, as scheduled')
    expect(comingUpText(item({ kind: 'alerts_sent', count: 3, workflow_id: null, workflow_name: null }))).toBe('3 alerts sent to your phone or chat, in one message')
    expect(comingUpText(item({ kind: 'dispatch_retry', count: 3 }))).toBe('3 dispatches to n8n for "Mailer" tried again')
    expect(comingUpText(item({ kind: 'resume_retry' }))).toBe('1 decision sent to n8n again for "Mailer"')
    expect(comingUpText(item({ kind: 'stop_retry', count: 2 }))).toBe('2 stops sent to n8n again for "Mailer"')
    expect(comingUpText(item({ kind: 'webhook_retry', count: 2, workflow_id: null, workflow_name: null }))).toBe('2 webhooks (generic events) processed again')
    expect(comingUpText(item({ kind: 'webhook_retry' }))).toBe('1 webhook for "Mailer" processed again')
    expect(comingUpText(item({ kind: 'approval_expires', id: 7 }))).toBe('approval #7 of "Mailer" expires unless decided')
    expect(comingUpText(item({ kind: 'execution_times_out', id: 12 }))).toBe('execution #12 of "Mailer" times out unless n8n reports it finished')
    expect(comingUpText(item({ kind: 'approval_expires', id: 7, count: 3 }))).toBe('3 approvals of "Mailer" expire unless decided, the first #7')
    expect(comingUpText(item({ kind: 'quiet_unless_heard' }))).toBe('"Mailer" counts as quiet unless heard from by then')
    expect(comingUpText(item({ kind: 'execution_times_out', id: 12, count: 4 }))).toBe('4 executions of "Mailer" time out unless n8n reports them finished, the first #12')
  })
})
