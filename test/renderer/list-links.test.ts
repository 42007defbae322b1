import { describe, expect, it } from 'vitest'
import type { Services } from '../../src/renderer/src/services/api'
import { useExecutions } from '../../src/renderer/src/stores/executions'
import { followLink } from '../../src/renderer/src/stores/list-links'
import { useMonitoring } from '../../src/renderer/src/stores/monitoring'
import { useNavigation } from '../../src/renderer/src/stores/navigation'
import { approvalsExpiringWithin, highPriorityApprovals, refusedWebhookEvents, standingFailuresToday } from '../../src/shared/list-links'
import { useApprovals } from '../../src/renderer/src/stores/approvals'

describe("following a list's address", () => {
  /** Every read waits until answered by hand, as a slow core would. */
  const slowCore = () => {
    const waiting: { method: string; input: unknown; answer: () => void }[] = []
    const services = {
      call: (method: string, input: unknown) => new Promise((resolve) => waiting.push({ method, input, answer: () => resolve({ items: [], total: 0 }) })),
    } as unknown as Services
    return { services, waiting }
  }

  it('opens the list at once with the filter the address names, and a read answered after the operator moved on leaves them where they went', async () => {
    const { services, waiting } = slowCore()
    useNavigation.getState().go({ screen: 'dashboard', id: null })
    const following = followLink(services, standingFailuresToday)
    expect(useNavigation.getState()).toMatchObject({ screen: 'executions', id: null })
    expect(useExecutions.getState().filter).toMatchObject({ status: 'failed', period: 'today', not_retried: true })
    expect(waiting.map((w) => w.method)).toEqual(['executions.list'])
    expect(waiting[0]!.input).toMatchObject({ status: 'failed', not_retried: true, since: expect.any(Number) })

    useNavigation.getState().go({ screen: 'workflows', id: 3 })
    waiting[0]!.answer()
    await following
    expect(useNavigation.getState()).toMatchObject({ screen: 'workflows', id: 3 })
  })

  it('goes back to a list showing the filter its address names without reading it again', async () => {
    const { services, waiting } = slowCore()
    const following = followLink(services, '#/executions?status=cancelled')
    waiting[0]!.answer()
    await following
    useNavigation.getState().go({ screen: 'executions', id: 12 })
    await followLink(services, '#/executions?status=cancelled')
    expect(useNavigation.getState()).toMatchObject({ screen: 'executions', id: null })
    expect(waiting).toHaveLength(1)
  })

  it('takes a filter the list does not know for none, and opens the list as it was', async () => {
    const { services, waiting } = slowCore()
    const before = useExecutions.getState().filter
    await followLink(services, '#/executions?status=exploded')
    expect(useNavigation.getState()).toMatchObject({ screen: 'executions', id: null })
    expect(useExecutions.getState().filter).toBe(before)
    expect(waiting).toEqual([])
  })

  it('opens the activity log with exactly the events an address names, clearing a severity or view chosen before', async () => {
    const { services, waiting } = slowCore()
    useMonitoring.setState({ severity: 'error', actionsOnly: false, period: '7d', search: undefined })
    void followLink(services, '#/monitoring?search=webhook_rejected&workflow_id=4')
    expect(useNavigation.getState()).toMatchObject({ screen: 'monitoring', id: null })
    expect(useMonitoring.getState()).toMatchObject({ search: 'webhook_rejected', workflowId: 4, severity: undefined, period: undefined, actionsOnly: false })
    expect(waiting.find((w) => w.method === 'monitoring.events')?.input).toMatchObject({ search: 'webhook_rejected', workflow_id: 4 })

    void followLink(services, '#/monitoring?event_type=operator_action&severity=warning')
    expect(useMonitoring.getState()).toMatchObject({ actionsOnly: true, severity: 'warning', search: undefined, workflowId: undefined })
    // Only the operator's actions are a view of their own; another event type is not an address this list takes.
    void followLink(services, '#/monitoring?event_type=webhook_rejected')
    expect(useMonitoring.getState()).toMatchObject({ actionsOnly: true, severity: 'warning' })
  })

  it('opens the inbox at the approvals the tray and grouped notices name, and the refusals at their events', async () => {
    const { services, waiting } = slowCore()
    void followLink(services, highPriorityApprovals)
    expect(useNavigation.getState()).toMatchObject({ screen: 'approvals', id: null })
    expect(useApprovals.getState().filter).toMatchObject({ status: 'pending', priority: 'high' })
    expect(waiting.at(-1)).toMatchObject({ method: 'approvals.list', input: { status: 'pending', priority: 'high' } })

    void followLink(services, approvalsExpiringWithin(15))
    expect(useApprovals.getState().filter).toEqual({ status: 'pending', expiring_within_minutes: 15 })

    void followLink(services, refusedWebhookEvents)
    expect(useNavigation.getState()).toMatchObject({ screen: 'monitoring', id: null })
    expect(useMonitoring.getState()).toMatchObject({ search: 'webhook_rejected', severity: undefined })
  })
})
