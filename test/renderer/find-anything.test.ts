import { describe, expect, it } from 'vitest'
import type { Approval } from '../../src/shared/schemas/approvals'
import type { Execution } from '../../src/shared/schemas/executions'
import type { QueueItemSummary } from '../../src/shared/schemas/queue'
import { asksTheCore, commandsMatching, everythingFound, recordNumber, recordsFound, screensMatching, workflowsMatching } from '../../src/renderer/src/lib/find-anything'

const names = new Map([
  [1, 'Lead mailer'],
  [2, 'Demo deploy'],
  [12, 'Video maker'],
])

const execution = (id: number, patch: Partial<Execution> = {}) =>
  ({ id, workflow_id: 1, status: 'failed', n8n_execution_id: null, trigger_event: 'lead.created', error_message: null, ...patch }) as Execution
const approval = (id: number, patch: Partial<Approval> = {}) =>
  ({ id, workflow_id: 2, status: 'pending', approval_type: 'demo_deploy', approval_title: `Deploy ${id}`, ...patch }) as Approval
const webhook = (id: number, patch: Partial<QueueItemSummary> = {}) =>
  ({ id, workflowId: null, kind: 'generic_event', status: 'failed', lastError: null, ...patch }) as QueueItemSummary

describe('find anything', () => {
  it('reads a number with or without #, and asks the core only for numbers or two characters or more', () => {
    expect([recordNumber('#12'), recordNumber(' 12 '), recordNumber('12a'), recordNumber('#')]).toEqual([12, 12, null, null])
    expect([asksTheCore(''), asksTheCore('a'), asksTheCore('7'), asksTheCore('ab')]).toEqual([false, false, true, true])
  })

  it('offers every screen for an empty box, and the screens whose name holds the words', () => {
    expect(screensMatching('')).toHaveLength(7)
    expect(screensMatching('QUEUE').map((f) => [f.label, f.target])).toEqual([['Webhook queue', { kind: 'route', route: { screen: 'queue', id: null } }]])
  })

  it('finds workflows by words of their name or by their number', () => {
    expect(workflowsMatching('mailer', names).map((f) => f.label)).toEqual(['Lead mailer'])
    expect(workflowsMatching('#12', names).map((f) => [f.label, f.detail])).toEqual([['Video maker', 'Workflow #12']])
    expect(workflowsMatching('  ', names)).toEqual([])
  })

  it('lists what the core found by kind, and the whole list where more matched', () => {
    const found = recordsFound(
      '7',
      {
        executions: { items: [execution(7), execution(31, { n8n_execution_id: '7', status: 'completed', error_message: null })], total: 2 },
        approvals: { items: [approval(7, { approval_title: 'Ship the demo' }), approval(40, { n8n_execution_id: '7' })], total: 9 },
        webhooks: { items: [webhook(7, { lastError: 'no handler' })], total: 1 },
      },
      names,
    )
    expect(found.map((f) => f.label)).toEqual([
      'Execution #7 · Lead mailer',
      'Execution #31 · Lead mailer',
      'Approval #7 · Ship the demo',
      'Approval #40 · Deploy 40',
      'All 9 approvals matching "7"',
      'Webhook #7 · generic event',
    ])
    expect(found[1]!.detail).toBe('completed · n8n 7 · lead.created')
    expect(found[5]!.detail).toBe('failed · generic event · no handler')
    expect(found[4]!.target).toEqual({ kind: 'list', screen: 'approvals', search: '7' })
    expect(found[0]!.target).toEqual({ kind: 'route', route: { screen: 'executions', id: 7 } })
  })

  it('ends with a search of the activity log for words, never for a bare number', () => {
    expect(everythingFound('lead@example.com', {}, names).at(-1)).toMatchObject({ label: 'Search the activity log for "lead@example.com"', target: { kind: 'list', screen: 'monitoring' } })
    expect(everythingFound('42', {}, names).some((f) => f.target.kind === 'list')).toBe(false)
    expect(everythingFound('', {}, names).map((f) => f.detail)).toEqual([...Array(7).fill('Screen'), ...Array(14).fill('Command')])
  })

  it('offers commands by any of their words, pausing or resuming calls only where that can be done', () => {
    const labels = (query: string, callsPaused: boolean | null) => commandsMatching(query, { callsPaused }).map((f) => f.label)
    expect(labels('pause', false)).toEqual(['Pause calls to n8n'])
    expect(labels('pause', true)).toEqual(['Resume calls to n8n'])
    expect(labels('pause', null)).toEqual([])
    expect(labels('maintenance', false)).toEqual(['Pause calls to n8n'])
    expect(labels('FAILED', null)).toEqual(['Failed executions', 'Webhooks that failed for good', 'Runs that failed in n8n on their own'])
    expect(labels('cron', null)).toEqual(['Runs that failed in n8n on their own', 'Workflows that went quiet'])
    expect(labels('silent', null)).toEqual(['Workflows that went quiet'])
    expect(labels('broken', null)).toEqual(['Workflows that keep failing'])
    expect(labels('slowdown', null)).toEqual(['Workflows that ran slower than usual'])
    expect(labels('secret 401', null)).toEqual(['Webhooks refused for their signature'])
    expect(labels('disk full', null)).toEqual(['Webhooks that could not be stored'])
    expect(labels('refused', null)).toEqual(['Webhooks refused for their signature', 'Webhooks that could not be stored'])
    expect(labels('dead letters', null)).toEqual(['Webhooks that failed for good'])
    expect(labels('held back', null)).toEqual(['Executions held back from n8n'])
    expect(labels('window', null)).toEqual(['Executions held back from n8n'])
    expect(labels('planned', null)).toEqual(['Executions scheduled for later'])
    expect(labels('backup', null)).toEqual(['Back up now'])
    expect(labels('back up', null)).toEqual(['Back up now'])
    expect(labels('ntfy', null)).toEqual(['Send a test alert'])
    expect(labels('test alert', null)).toEqual(['Send a test alert'])
    expect(labels('mailer', false)).toEqual([])
    expect(commandsMatching('backup', { callsPaused: null })[0]!.target).toEqual({ kind: 'command', command: 'back-up' })
    // Commands come after the screens and before the workflows and records a query finds.
    expect(everythingFound('approvals', {}, names).map((f) => f.label)).toEqual([
      'Approvals',
      'Approvals waiting for a decision',
      'Search the activity log for "approvals"',
    ])
    const kinds = everythingFound('e', {}, names).map((f) => f.detail?.split(' ')[0] ?? 'log')
    expect(kinds.filter((kind, index) => kind !== kinds[index - 1])).toEqual(['Screen', 'Command', 'Workflow', 'log'])
  })
})
