import { describe, expect, it } from 'vitest'
import { alertRequest, resolvedFormat } from '../../src/main/core/alerts/alert-formats'
import { alertMessage, describeAlert, isAlerted } from '../../src/main/core/alerts/alert-rules'
import { nextSummaryAt, summaryMessage, type SummaryInputs } from '../../src/main/core/alerts/daily-summary'
import { formatQuietHours, parseQuietHours, quietUntil } from '../../src/shared/quiet-hours'

const names = (id: number) => (id === 3 ? 'Lead intake' : null)

describe('alerts: which events, in what words', () => {
  it('sends errors, lasting warnings and high-priority approvals; not the everyday', () => {
    expect(isAlerted({ eventType: 'execution_failed', severity: 'error' })).toBe(true)
    expect(isAlerted({ eventType: 'workflow_quiet', severity: 'warning' })).toBe(true)
    expect(isAlerted({ eventType: 'approval_required', severity: 'info', data: { priority: 'high' } })).toBe(true)
    expect(isAlerted({ eventType: 'approval_required', severity: 'info', data: { priority: 'medium' } })).toBe(false)
    expect(isAlerted({ eventType: 'webhook_retry_scheduled', severity: 'warning' })).toBe(false)
    expect(isAlerted({ eventType: 'alert_not_sent', severity: 'warning' })).toBe(false)
    expect(isAlerted({ eventType: 'execution_completed', severity: 'info' })).toBe(false)
  })

  it('sends the approvals chosen: high priority and any about to expire, every one, or none', () => {
    const medium = { eventType: 'approval_required', severity: 'info', data: { priority: 'medium' } } as const
    const high = { ...medium, data: { priority: 'high' } }
    const expiring = { eventType: 'approval_expiring', severity: 'warning', data: { priority: 'low' } } as const
    expect([medium, high, expiring].map((event) => isAlerted(event, 'high'))).toEqual([false, true, true])
    expect([medium, high, expiring].map((event) => isAlerted(event, 'all'))).toEqual([true, true, true])
    expect([medium, high, expiring].map((event) => isAlerted(event, 'none'))).toEqual([false, false, false])
    // Errors go whatever is chosen for approvals.
    expect(isAlerted({ eventType: 'execution_failed', severity: 'error' }, 'none')).toBe(true)
  })

  it('names what happened, where, and why', () => {
    expect(describeAlert({ eventType: 'execution_failed', severity: 'error', workflowId: 3, executionId: 45, data: { error: 'SMTP 550' } }, names)).toEqual({
      heading: 'Execution failed ("Lead intake", execution #45)',
      line: 'Execution failed ("Lead intake", execution #45): SMTP 550',
      urgent: true,
    })
    expect(describeAlert({ eventType: 'approval_required', severity: 'info', workflowId: 9, data: { title: 'Send 250 emails', priority: 'high' } }, names).line).toBe(
      'Approval waiting: Send 250 emails',
    )
    expect(describeAlert({ eventType: 'something_new', severity: 'critical', data: { reason: 'x'.repeat(400) } }, names).line).toMatch(/^Something new: x{299}…$/)
  })

  it('gathers a burst into one message, ten lines at most', () => {
    const one = describeAlert({ eventType: 'backup_failed', severity: 'error', data: { error: 'ENOSPC' } }, names)
    expect(alertMessage([one])).toEqual({ title: 'Flowgate: Backup failed', lines: ['Backup failed: ENOSPC'], urgent: true })
    const quiet = describeAlert({ eventType: 'workflow_quiet', severity: 'warning', workflowId: 3 }, names)
    const burst = alertMessage(Array.from({ length: 12 }, () => quiet))
    expect(burst.title).toBe('Flowgate: 12 things need you')
    expect(burst.lines).toHaveLength(11)
    expect(burst.lines.at(-1)).toBe('… and 2 more (see Monitoring)')
    expect(burst.urgent).toBe(false)
  })
})

describe("alerts: each service's own request", () => {
  const message = { title: 'Flowgate: 2 things need you', lines: ['Execution failed: <script> & @everyone', 'Workflow went quiet'], urgent: true }

  it('reads the service from the address when asked to', () => {
    const format = (address: string) => resolvedFormat(new URL(address), 'auto')
    expect(format('https://hooks.slack.com/services/T0/B0/abc')).toBe('slack')
    expect(format('https://discord.com/api/webhooks/1/abc')).toBe('discord')
    expect(format('https://ntfy.sh/flowgate-7f3a')).toBe('ntfy')
    expect(format('https://example.com/hook')).toBe('json')
    expect(resolvedFormat(new URL('https://push.example.com/topic'), 'ntfy')).toBe('ntfy')
  })

  it('writes Slack text with its markup escaped, and keeps Discord from pinging anyone', () => {
    const slack = alertRequest('https://hooks.slack.com/services/T0/B0/abc', 'auto', message)
    expect(JSON.parse(slack.body)).toEqual({ text: '*Flowgate: 2 things need you*\nExecution failed: &lt;script&gt; &amp; @everyone\nWorkflow went quiet' })
    const discord = JSON.parse(alertRequest('https://discord.com/api/webhooks/1/abc', 'auto', message).body)
    expect(discord).toEqual({ content: '**Flowgate: 2 things need you**\nExecution failed: <script> & @everyone\nWorkflow went quiet', allowed_mentions: { parse: [] } })
  })

  it("publishes to ntfy as JSON at the server, the topic in the body, and moves credentials to a header", () => {
    const ntfy = alertRequest('https://alerts:s3cr%40t@ntfy.example.com/flowgate', 'ntfy', message)
    expect(ntfy.url).toBe('https://ntfy.example.com/')
    expect(ntfy.headers.authorization).toBe(`Basic ${Buffer.from('alerts:s3cr@t').toString('base64')}`)
    expect(JSON.parse(ntfy.body)).toEqual({ topic: 'flowgate', title: message.title, message: message.lines.join('\n'), priority: 4, tags: ['rotating_light'] })
    const json = alertRequest('https://example.com/hook?token=1', 'auto', { ...message, urgent: false })
    expect(json.url).toBe('https://example.com/hook?token=1')
    expect(JSON.parse(json.body)).toMatchObject({ source: 'flowgate', title: message.title, lines: message.lines, urgent: false })
  })
})

describe('alerts: the daily summary', () => {
  const at = (day: number, hour: number, minute = 0) => new Date(2026, 4, day, hour, minute).getTime()

  it('is due at the hour on the first day none went out, at once when one was missed, the very first at the hour', () => {
    // Summaries began at 07:00, or at 09:00: the first goes at the next 08:00.
    expect(nextSummaryAt(at(10, 7), 8, at(10, 7))).toBe(at(10, 8))
    expect(nextSummaryAt(at(10, 8), 8, at(10, 7))).toBe(at(10, 8))
    expect(nextSummaryAt(at(10, 9), 8, at(10, 9))).toBe(at(11, 8))
    expect(nextSummaryAt(at(10, 7), 8, at(9, 8))).toBe(at(10, 8))
    expect(nextSummaryAt(at(10, 8, 30), 8, at(10, 8))).toBe(at(11, 8))
    // Flowgate was not running at 08:00 on the 10th: it goes as soon as it runs.
    expect(nextSummaryAt(at(10, 15), 8, at(7, 8))).toBe(at(10, 8))
  })

  it('says the day in a few lines, and only what there is', () => {
    const dashboard = {
      executions_per_hour: [
        { hour: 1, counts: { completed: 40, failed: 2 } },
        { hour: 2, counts: { completed: 10, running: 1 } },
      ],
      error_groups: [{ pattern: 'SMTP 550: mailbox … unavailable', search: 'SMTP 550', count: 2, workflow_ids: [3], last_at: 1 }],
      failing_workflows: [{ workflow_name: 'Lead intake' }],
      held_workflows: [],
      quiet_workflows: [{ workflow_name: 'Nightly sync' }],
      slow_workflows: [],
      pending_approvals: 3,
      approvals_expiring_soon: 1,
      failed_webhooks: [{ count: 4 }, { count: 1 }],
    } as unknown as SummaryInputs['dashboard']
    const noCalls = { calls: 0, failed: 0, prompt_tokens: 0, completion_tokens: 0, cost: 0, unpriced_calls: 0 }
    const ai = { today: { ...noCalls, calls: 12, prompt_tokens: 8_000, completion_tokens: 1_300, cost: 0.4 }, last_30_days: noCalls, daily_budget: null, by_model: [] }
    const unwell = ['Disk: 0.8 GiB free', 'n8n API: calls to n8n are paused (Settings); 3 calls waiting']
    expect(summaryMessage({ dashboard, ai, unwell })).toEqual({
      title: 'Flowgate: the last 24 hours',
      lines: [
        'Needs a look: Disk: 0.8 GiB free; n8n API: calls to n8n are paused (Settings); 3 calls waiting',
        'Executions: 53 (2 failed)',
        'Failed most with: 2× SMTP 550: mailbox … unavailable',
        'Keep failing: "Lead intake"',
        'Quieter than expected: "Nightly sync"',
        'Waiting for you: 3 approvals (1 expire within the hour)',
        'Webhooks failed for good: 5',
        'AI today: $0.400 · 12 calls · 9.3K tokens',
      ],
      urgent: true,
    })
    const calm = { ...dashboard, executions_per_hour: [{ hour: 1, counts: { completed: 5 } }], error_groups: [], failing_workflows: [], quiet_workflows: [], pending_approvals: 0, failed_webhooks: [] }
    expect(summaryMessage({ dashboard: calm, ai: { ...ai, today: noCalls }, unwell: [] })).toEqual({ title: 'Flowgate: the last 24 hours', lines: ['Executions: 5'], urgent: false })
    // Something unwell alone makes the day's message a loud one.
    expect(summaryMessage({ dashboard: calm, ai: { ...ai, today: noCalls }, unwell: ['Disk: 0.8 GiB free'] })).toMatchObject({ urgent: true })
  })
})

describe('alerts: quiet hours', () => {
  const at = (day: number, hour: number, minute = 0) => new Date(2026, 4, day, hour, minute).getTime()

  it('reads two times of day however they are typed, and refuses anything else', () => {
    expect(parseQuietHours('22-7')).toEqual({ from: '22:00', to: '07:00' })
    expect(parseQuietHours(' 22:30 – 6:45 ')).toEqual({ from: '22:30', to: '06:45' })
    expect(parseQuietHours('12:00-13:30')).toEqual({ from: '12:00', to: '13:30' })
    expect(formatQuietHours(parseQuietHours('9-17')!)).toBe('09:00-17:00')
    for (const typed of ['', '22', '22-7-8', '24-7', '22-7:60', '7-7', 'night', '22:00-', '-07:00']) expect(parseQuietHours(typed), typed).toBeNull()
  })

  it('end at the next `to` while they run, past midnight too; not running outside them', () => {
    const night = parseQuietHours('22-7')!
    expect(quietUntil(night, at(10, 21, 59))).toBeNull()
    expect(quietUntil(night, at(10, 22))).toBe(at(11, 7))
    expect(quietUntil(night, at(11, 3))).toBe(at(11, 7))
    expect(quietUntil(night, at(11, 7))).toBeNull()
    const lunch = parseQuietHours('12-13:30')!
    expect(quietUntil(lunch, at(10, 12, 15))).toBe(at(10, 13, 30))
    expect(quietUntil(lunch, at(10, 13, 30))).toBeNull()
  })
})
