import { describe, expect, it } from 'vitest'
import { alertRequest, resolvedFormat } from '../../src/main/core/alerts/alert-formats'
import { alertMessage, describeAlert, isAlerted } from '../../src/main/core/alerts/alert-rules'

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
