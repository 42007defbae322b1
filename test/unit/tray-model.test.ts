import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultPreferences, emptyTrayState, GROUP_AT, newApprovalNotices, newExpiryNotices, noticeAction, trayIcon, trayMenu, trayTooltip, type PendingApproval, type TrayMenuItem, type TrayState } from '../../src/main/desktop/tray-model'
import { newIntakeDownNotice, newNotTakenNotice, newOldSecretNotice, newTunnelDownNotice } from '../../src/main/desktop/status-notices'
import { restorableState } from '../../src/main/desktop/window-state'
import { openableExternally } from '../../src/main/desktop/external-links'
import { activeMute, clockTime, muteEnd } from '../../src/main/desktop/quiet-notices'
import { newQuietWorkflowNotices, spellOf } from '../../src/main/desktop/quiet-workflow-notices'
import { newN8nRunFailureNotices } from '../../src/main/desktop/n8n-run-notices'
import { holdOf, newAutomaticHoldNotices } from '../../src/main/desktop/held-call-notices'

const approval = (id: number, title = `Send campaign ${id}`, decided: PendingApproval['decided'] = null): PendingApproval => ({ id, title, type: 'email_send', priority: 'high', createdAt: id, decided })
const state = (patch: Partial<TrayState> = {}): TrayState => ({ ...emptyTrayState(defaultPreferences, null), ...patch })
const labels = (items: TrayMenuItem[]) => items.map((item) => (item.type === 'separator' ? '—' : item.label))

describe('tray', () => {
  it('shows idle, pending and urgent states with a tooltip that counts', () => {
    expect([trayIcon(state()), trayTooltip(state())]).toEqual(['idle', 'Flowgate: nothing waits for you'])
    expect([trayIcon(state({ pendingCount: 4 })), trayTooltip(state({ pendingCount: 4 }))]).toEqual(['pending', 'Flowgate: 4 approvals waiting'])
    const urgent = state({ pendingCount: 7, highPriority: [approval(1), approval(2)] })
    expect([trayIcon(urgent), trayTooltip(urgent)]).toEqual(['urgent', 'Flowgate: 7 approvals waiting, 2 high priority'])
  })

  it('lists the newest high-priority approvals with Approve and Reject, then Open, Pause and Quit', () => {
    const menu = trayMenu(state({ pendingCount: 9, highPriority: [9, 8, 7, 6, 5, 4, 3].map((id) => approval(id)) }))
    expect(labels(menu)).toEqual([
      'High-priority approvals',
      'Send campaign 9 (email_send)',
      'Send campaign 8 (email_send)',
      'Send campaign 7 (email_send)',
      'Send campaign 6 (email_send)',
      'Send campaign 5 (email_send)',
      'Open the inbox (9 approvals waiting)',
      '—',
      'Open Flowgate',
      'Pause auto-approval',
      'Pause calls to n8n',
      '—',
      'Keep running when the window closes',
      'Start minimized',
      'Launch at login',
      'Notify when executions fail',
      'Mute notices',
      '—',
      'Quit Flowgate',
    ])
    const first = menu[1]
    expect(first?.type === 'normal' && first.submenu?.map((item) => (item.type === 'separator' ? null : item.action))).toEqual([
      { kind: 'decide', id: 9, decision: 'approved' },
      { kind: 'decide', id: 9, decision: 'rejected' },
      null,
      { kind: 'openApproval', id: 9 },
    ])
  })

  it('offers Undo instead of Approve and Reject while a decision made from the tray can still be undone', () => {
    const decided = state({ pendingCount: 1, highPriority: [approval(4, 'Send campaign 4', 'approved'), approval(3)] })
    expect([trayIcon(decided), trayTooltip(decided)]).toEqual(['urgent', 'Flowgate: 1 approval waiting, 1 high priority'])
    const menu = trayMenu(decided)
    expect(labels(menu).slice(1, 3)).toEqual(['Send campaign 4: approved, undo possible', 'Send campaign 3 (email_send)'])
    const first = menu[1]
    expect(first?.type === 'normal' && first.submenu?.map((item) => (item.type === 'separator' ? null : [item.label, item.action]))).toEqual([
      ['Undo (approval not sent yet)', { kind: 'undo', id: 4 }],
      null,
      ['Open in Flowgate', { kind: 'openApproval', id: 4 }],
    ])
    const allDecided = state({ pendingCount: 0, highPriority: [approval(4, 'Send campaign 4', 'rejected')] })
    expect([trayIcon(allDecided), trayTooltip(allDecided)]).toEqual(['idle', 'Flowgate: nothing waits for you'])
  })

  it('makes failed webhooks urgent, counts them in the tooltip and offers the queue', () => {
    const failing = state({ failedWebhooks: 2 })
    expect([trayIcon(failing), trayTooltip(failing)]).toEqual(['urgent', 'Flowgate: 2 failed webhooks'])
    expect(trayTooltip(state({ pendingCount: 1, failedWebhooks: 1 }))).toBe('Flowgate: 1 approval waiting; 1 failed webhook')
    const menu = trayMenu(failing)
    expect(labels(menu).slice(0, 4)).toEqual(['No approvals waiting', '—', '2 failed webhooks: open the queue', '—'])
    expect(menu[2]).toMatchObject({ enabled: true, action: { kind: 'openQueue' } })
    expect(labels(trayMenu(state())).some((label) => label.includes('failed'))).toBe(false)
    // Where the newest failed is known, the line says for which workflow and opens that webhook.
    const named = trayMenu(state({ failedWebhooks: 3, newestFailedWebhook: { id: 41, workflow: 'Lead intake', error: 'lead_score must be a number' } }))
    expect(named[2]).toMatchObject({ label: '3 failed webhooks, the newest for "Lead intake": open it', action: { kind: 'openQueue', id: 41 } })
    const generic = trayMenu(state({ failedWebhooks: 1, newestFailedWebhook: { id: 7, workflow: null, error: null } }))
    expect(generic[2]).toMatchObject({ label: '1 failed webhook, the newest for a generic event: open it', action: { kind: 'openQueue', id: 7 } })
  })

  it('announces approvals about to expire once each, with Approve, Reject and a day more, or grouped when several', () => {
    const now = 1_000_000
    const soon = (id: number, minutes: number) => ({ id, title: `Send campaign ${id}`, type: 'email_send', expiresAt: now + minutes * 60_000 - 500 })
    const [one] = newExpiryNotices(new Set(), [soon(4, 12)], now)
    expect(one).toEqual({
      title: 'Expires in 12 min: Send campaign 4',
      body: 'email_send — undecided, it expires and the workflow is told "expired".',
      click: { kind: 'openApproval', id: 4 },
      approvalId: 4,
      actions: ['Approve', 'Reject', 'A day more'],
    })
    expect([0, 1, 2, 3].map((index) => noticeAction(one!, index))).toEqual([
      { kind: 'decide', id: 4, decision: 'approved' },
      { kind: 'decide', id: 4, decision: 'rejected' },
      { kind: 'extend', id: 4, hours: 24 },
      null,
    ])
    expect(newExpiryNotices(new Set([4]), [soon(4, 11)], now)).toEqual([])
    const grouped = newExpiryNotices(new Set([1]), [soon(1, 2), soon(2, 3), soon(3, 9), soon(5, 14)], now)
    expect(grouped).toEqual([{ title: '3 approvals expire soon', body: 'Send campaign 2, Send campaign 3, Send campaign 5 — the first in 3 min', click: { kind: 'openList', link: '#/approvals?status=pending&expiring_within_minutes=15' }, approvalId: null, actions: [] }])
    expect(noticeAction(grouped[0]!, 0)).toBeNull()
    expect(newExpiryNotices(new Set(), [soon(6, 0.2)], now)[0]?.title).toBe('Expires in 1 min: Send campaign 6')
  })

  it('makes decisions n8n never took urgent, offers the newest to send again, and announces a rise once', () => {
    const notTaken = state({ notTaken: { count: 2, firstId: 17 } })
    expect([trayIcon(notTaken), trayTooltip(notTaken)]).toEqual(['urgent', 'Flowgate: n8n never took 2 decisions'])
    const menu = trayMenu(notTaken)
    expect(labels(menu).slice(0, 3)).toEqual(['No approvals waiting', '—', 'n8n never took 2 decisions: send again'])
    expect(menu[2]).toMatchObject({ action: { kind: 'openApproval', id: 17 } })
    expect(newNotTakenNotice(null, { count: 2, firstId: 17 })).toBeNull()
    expect(newNotTakenNotice(2, { count: 2, firstId: 17 })).toBeNull()
    expect(newNotTakenNotice(2, { count: 3, firstId: 18 })).toMatchObject({ title: 'n8n did not take a decision', click: { kind: 'openApproval', id: 18 } })
    expect(newNotTakenNotice(0, { count: 2, firstId: 18 })?.title).toBe('n8n did not take 2 decisions')
  })

  it('makes an unreachable tunnel urgent, says so first, offers Settings, and announces it once when it goes down', () => {
    const down = state({ pendingCount: 2, failedWebhooks: 1, tunnelDown: 'https://flow.example.com is unreachable (fetch failed); failing since 2026-11-26T10:00:00.000Z' })
    expect([trayIcon(down), trayTooltip(down)]).toEqual(['urgent', 'Flowgate: 2 approvals waiting; the tunnel is unreachable; 1 failed webhook'])
    const menu = trayMenu(down)
    expect(labels(menu).slice(2, 4)).toEqual(['n8n cannot reach Flowgate (tunnel): open Settings', '1 failed webhook: open the queue'])
    expect(menu[2]).toMatchObject({ action: { kind: 'openSettings' } })
    const reason = down.tunnelDown
    expect(newTunnelDownNotice(undefined, reason)).toBeNull()
    expect(newTunnelDownNotice(reason, reason)).toBeNull()
    expect(newTunnelDownNotice(reason, null)).toBeNull()
    expect(newTunnelDownNotice(null, reason)).toMatchObject({ title: 'n8n cannot reach Flowgate', body: expect.stringMatching(/^https:\/\/flow\.example\.com is unreachable .* — webhooks from n8n fail until the tunnel is back; check that it runs\.$/), click: { kind: 'openSettings' } })
  })

  it('makes webhooks refused for want of storage urgent, says so before anything else, opens those refusals, and announces it once', () => {
    const reason = 'refusing webhooks (503) for 3 min 05 s: they cannot be stored (database or disk is full); n8n is told to send them again'
    const down = state({ pendingCount: 1, tunnelDown: 'https://flow.example.com is unreachable', intakeDown: reason })
    expect([trayIcon(down), trayTooltip(down)]).toEqual(['urgent', 'Flowgate: 1 approval waiting; webhooks are refused: they cannot be stored; the tunnel is unreachable'])
    const menu = trayMenu(down)
    expect(labels(menu).slice(2, 4)).toEqual(['Webhooks are refused, they cannot be stored: see why', 'n8n cannot reach Flowgate (tunnel): open Settings'])
    expect(menu[2]).toMatchObject({ action: { kind: 'openList', link: '#/monitoring?search=webhook_not_stored' } })
    expect(trayIcon(state({ intakeDown: reason }))).toBe('urgent')
    expect(newIntakeDownNotice(undefined, reason)).toBeNull()
    expect(newIntakeDownNotice(reason, reason)).toBeNull()
    expect(newIntakeDownNotice(reason, null)).toBeNull()
    expect(newIntakeDownNotice(null, reason)).toMatchObject({
      title: 'Webhooks are refused: they cannot be stored',
      body: "Refusing webhooks (503) for 3 min 05 s: they cannot be stored (database or disk is full); n8n is told to send them again — free space on the data folder's disk, or close what holds the database.",
      click: { kind: 'openList', link: '#/monitoring?search=webhook_not_stored' },
    })
  })

  it('makes a failed backup urgent, says so in the tooltip and offers Settings', () => {
    const failing = state({ failedWebhooks: 1, backupFailure: { at: 5, message: 'ENOSPC: no space left on device' } })
    expect([trayIcon(failing), trayTooltip(failing)]).toEqual(['urgent', 'Flowgate: 1 failed webhook; the last backup failed'])
    const menu = trayMenu(failing)
    expect(labels(menu).slice(0, 5)).toEqual(['No approvals waiting', '—', '1 failed webhook: open the queue', 'The last backup failed: open Settings', '—'])
    expect(menu[3]).toMatchObject({ enabled: true, action: { kind: 'openSettings' } })
    expect(trayIcon(state({ backupFailure: { at: 5, message: 'x' } }))).toBe('urgent')
  })

  it('reminds of calls held for a workflow without turning urgent, and opens that workflow', () => {
    const held = state({ heldWorkflows: [{ id: 4, name: 'Mailer', waiting: 3, reason: null }] })
    expect([trayIcon(held), trayTooltip(held)]).toEqual(['idle', 'Flowgate: calls to n8n held for 1 workflow'])
    const menu = trayMenu(held)
    expect(labels(menu).slice(0, 4)).toEqual(['No approvals waiting', '—', 'Calls held for "Mailer" (3 waiting): release', '—'])
    expect(menu[2]).toMatchObject({ enabled: true, action: { kind: 'openWorkflow', id: 4 } })
  })

  it('names the workflows that keep failing, each opening its page, without turning urgent', () => {
    const failing = state({ failingWorkflows: [{ id: 3, name: 'Mailer', inARow: 6 }] })
    expect([trayIcon(failing), trayTooltip(failing)]).toEqual(['idle', 'Flowgate: 1 workflow failing'])
    const menu = trayMenu(failing)
    expect(labels(menu).slice(0, 4)).toEqual(['No approvals waiting', '—', '"Mailer" keeps failing (6 in a row): open', '—'])
    expect(menu[2]).toMatchObject({ enabled: true, action: { kind: 'openWorkflow', id: 3 } })
  })

  it('names the workflows gone quiet, each opening its page, without turning urgent', () => {
    const quiet = state({ quietWorkflows: [{ id: 7, name: 'Nightly sync', lastHeardAt: null, everyHours: 24, quietSince: 5 }], heldWorkflows: [{ id: 4, name: 'Mailer', waiting: 3, reason: null }] })
    expect([trayIcon(quiet), trayTooltip(quiet)]).toEqual(['idle', 'Flowgate: calls to n8n held for 1 workflow; 1 workflow quieter than expected'])
    const menu = trayMenu(quiet)
    expect(labels(menu).slice(2, 5)).toEqual(['Calls held for "Mailer" (3 waiting): release', '"Nightly sync" has gone quiet: open', '—'])
    expect(menu[3]).toMatchObject({ enabled: true, action: { kind: 'openWorkflow', id: 7 } })
  })

  it('names the workflows running slower than usual after the quiet ones, and counts refused webhooks, opening the refusals in the activity log, without turning urgent', () => {
    const slow = state({
      slowWorkflows: [{ id: 9, name: 'Videos', recentRuns: 4, recentSeconds: 132, usualSeconds: 30 }],
      quietWorkflows: [{ id: 7, name: 'Nightly sync', lastHeardAt: null, everyHours: 24, quietSince: 5 }],
      refusedWebhooks: { count: 12, lastAt: 5, lastError: 'bad signature' },
    })
    expect([trayIcon(slow), trayTooltip(slow)]).toEqual(['idle', 'Flowgate: 1 workflow quieter than expected; 1 workflow slower than usual; 12 webhooks refused for their signature in 24 h'])
    const menu = trayMenu(slow)
    expect(labels(menu).slice(2, 6)).toEqual(['"Nightly sync" has gone quiet: open', '"Videos" runs slower than usual: open', '12 webhooks refused for their signature in 24 h: see who and why', '—'])
    expect(menu[3]).toMatchObject({ enabled: true, action: { kind: 'openWorkflow', id: 9 } })
    expect(menu[4]).toMatchObject({ enabled: true, action: { kind: 'openList', link: '#/monitoring?search=webhook_rejected' } })
  })

  it('gives one notice each time a workflow falls quiet: not at the first look, nor again for the same quiet spell', () => {
    const hour = 3_600_000
    const nightly = { id: 7, name: 'Nightly sync', lastHeardAt: 0, everyHours: 24, quietSince: 24 * hour }
    expect(newQuietWorkflowNotices(null, [nightly], 26 * hour)).toEqual([])
    expect(newQuietWorkflowNotices(new Set(), [nightly], 26 * hour)).toEqual([
      {
        title: '"Nightly sync" has gone quiet',
        body: 'Not heard from for 26 h (expected at least every 24 h): check that it still runs in n8n.',
        click: { kind: 'openWorkflow', id: 7 },
        approvalId: null,
        actions: [],
      },
    ])
    expect(newQuietWorkflowNotices(new Set([spellOf(nightly)]), [nightly], 27 * hour)).toEqual([])
    // Heard from, then quiet again: a new spell, a new notice.
    const again = { ...nightly, lastHeardAt: 30 * hour, quietSince: 54 * hour }
    expect(newQuietWorkflowNotices(new Set([spellOf(nightly)]), [again], 54 * hour).map((n) => n.body)).toEqual(['Not heard from for 24 h (expected at least every 24 h): check that it still runs in n8n.'])
    expect(newQuietWorkflowNotices(new Set(), [{ ...nightly, lastHeardAt: null }], 26 * hour)[0]!.body).toBe('Never heard from (expected at least every 24 h): check that it still runs in n8n.')
  })

  it('gives one notice when Flowgate holds a failing workflow\'s calls itself: not for the operator\'s own holds, not at the first look, not twice', () => {
    const mailer = { id: 4, name: 'Mailer', waiting: 0, reason: 'its last 5 runs failed (SMTP 550)' }
    const byHand = { id: 5, name: 'Deploys', waiting: 2, reason: null }
    expect(newAutomaticHoldNotices(null, [mailer])).toEqual([])
    expect(newAutomaticHoldNotices(new Set(), [mailer, byHand])).toEqual([
      {
        title: 'Calls to n8n held for "Mailer"',
        body: 'Flowgate held them since its last 5 runs failed (SMTP 550). Nothing is lost: fix the workflow in n8n, then release them.',
        click: { kind: 'openWorkflow', id: 4 },
        approvalId: null,
        actions: [],
      },
    ])
    expect(newAutomaticHoldNotices(new Set([holdOf(mailer)]), [{ ...mailer, waiting: 3 }])).toEqual([])
    // Released, then held again after another run of failures: a new notice.
    expect(newAutomaticHoldNotices(new Set(), [{ ...mailer, reason: 'its last 5 runs failed (SMTP 421)' }]).map((n) => n.body)).toEqual([
      'Flowgate held them since its last 5 runs failed (SMTP 421). Nothing is lost: fix the workflow in n8n, then release them.',
    ])
  })

  it('gives notices for runs that failed in n8n on their own: none at the first look, one each, or one for a burst; each opens the workflow', () => {
    const failure = (eventId: number, workflow = 'Nightly sync') => ({ eventId, workflowId: 7, workflow, error: '"Send mail" failed: SMTP 550' })
    expect(newN8nRunFailureNotices(undefined, [failure(3)])).toEqual([])
    expect(newN8nRunFailureNotices(2, [failure(3), failure(2)])).toEqual([
      { title: '"Nightly sync" failed in n8n', body: '"Send mail" failed: SMTP 550', click: { kind: 'openWorkflow', id: 7 }, approvalId: null, actions: [] },
    ])
    expect(newN8nRunFailureNotices(null, [failure(9, 'A'), failure(8, 'B'), failure(7, 'A')])).toEqual([
      { title: '3 runs failed in n8n', body: 'A, B', click: { kind: 'openWorkflow', id: 7 }, approvalId: null, actions: [] },
    ])
    expect(newN8nRunFailureNotices(9, [failure(9)])).toEqual([])
  })

  it('says while n8n still uses the previous webhook secret, and opens Settings, where its time shows', () => {
    const inUse = state({ oldSecretInUse: true, heldWorkflows: [{ id: 4, name: 'Mailer', waiting: 3, reason: null }] })
    expect(trayTooltip(inUse)).toBe('Flowgate: calls to n8n held for 1 workflow; n8n still uses the previous webhook secret')
    const menu = trayMenu(inUse)
    expect(labels(menu).slice(0, 4)).toEqual(['No approvals waiting', '—', 'n8n still uses the previous webhook secret: open Settings', 'Calls held for "Mailer" (3 waiting): release'])
    expect(menu[2]).toMatchObject({ enabled: true, action: { kind: 'openSettings' } })
    expect(trayIcon(state({ oldSecretInUse: true }))).toBe('idle')
  })

  it("says while today's AI budget is spent, and opens Settings, where it is raised", () => {
    const spent = state({ pendingCount: 2, aiBudgetSpent: { spent: 1.02, budget: 1 } })
    expect(trayTooltip(spent)).toBe("Flowgate: 2 approvals waiting; today's AI budget is spent")
    const menu = trayMenu(spent)
    const line = menu.find((item) => item.type === 'normal' && item.label.startsWith("Today's AI budget"))
    expect(line).toMatchObject({ label: "Today's AI budget is spent, approvals wait for you: open Settings", enabled: true, action: { kind: 'openSettings' } })
  })

  it('gives one notice when n8n starts using the replaced secret: not at the first look, nor again while it does', () => {
    expect(newOldSecretNotice(undefined, true)).toBeNull()
    expect(newOldSecretNotice(true, true)).toBeNull()
    expect(newOldSecretNotice(false, false)).toBeNull()
    expect(newOldSecretNotice(false, true)).toEqual({
      title: 'n8n still uses the previous webhook secret',
      body: "Put the current secret in n8n's credentials before the old one stops being accepted; Settings says until when.",
      click: { kind: 'openSettings' },
      approvalId: null,
      actions: [],
    })
  })

  it('shortens long titles and says when nothing or nothing urgent waits', () => {
    const menu = trayMenu(state({ pendingCount: 1, highPriority: [approval(1, 'x'.repeat(80))] }))
    expect(labels(menu)[1]).toHaveLength(48)
    expect(labels(trayMenu(state()))[0]).toBe('No approvals waiting')
    expect(labels(trayMenu(state({ pendingCount: 3 })))[0]).toBe('3 approvals waiting, none high priority: open')
  })

  it('opens the lists behind its counts filtered as the dashboard opens them', () => {
    const actionOf = (menu: TrayMenuItem[], label: string) => {
      const item = menu.find((entry) => entry.type !== 'separator' && entry.label === label)
      return item?.type === 'normal' ? [item.enabled, item.action] : undefined
    }
    const inbox = { kind: 'openList', link: '#/approvals?status=pending' }
    expect(actionOf(trayMenu(state({ pendingCount: 3 })), '3 approvals waiting, none high priority: open')).toEqual([true, inbox])
    expect(actionOf(trayMenu(state({ pendingCount: 2, highPriority: [approval(1)] })), 'Open the inbox (2 approvals waiting)')).toEqual([true, inbox])
    // Decided from the tray, the last high-priority one waits no more: the inbox is offered only while something waits.
    expect(labels(trayMenu(state({ pendingCount: 0, highPriority: [approval(1, 'A', 'approved')] })))).not.toContain('Open the inbox (0 approvals waiting)')

    const expiring = state({ pendingCount: 2, expiringSoon: [{ id: 4, title: 'Deploy', type: 'demo_deploy', expiresAt: 1 }, { id: 5, title: 'Mail', type: 'email_send', expiresAt: 2 }] })
    expect(actionOf(trayMenu(expiring), '2 approvals expire within 15 min: open')).toEqual([true, { kind: 'openList', link: '#/approvals?status=pending&expiring_within_minutes=15' }])

    const failing = state({ standingFailuresToday: 1 })
    expect(actionOf(trayMenu(failing), '1 execution failed today, not retried yet: open')).toEqual([true, { kind: 'openList', link: '#/executions?status=failed&period=today&not_retried=true' }])
    expect(trayTooltip(failing)).toBe('Flowgate: 1 execution failed today')

    const inN8n = state({ n8nRunsFailedToday: 3 })
    expect(actionOf(trayMenu(inN8n), '3 runs failed in n8n today, not started by Flowgate: open')).toEqual([true, { kind: 'openList', link: '#/monitoring?search=n8n_run_failed' }])
    expect([trayIcon(inN8n), trayTooltip(inN8n)]).toEqual(['idle', 'Flowgate: 3 runs failed in n8n today'])
    expect(labels(trayMenu(state())).some((label) => /failed today|failed in n8n|expire within|inbox/.test(label))).toBe(false)
  })

  it('pauses auto-approval from the menu unless the environment decides it', () => {
    const pause = (s: TrayState) => trayMenu(s).find((item) => item.type === 'checkbox' && item.action.kind === 'toggleAutoApproval')
    expect(pause(state({ autoApproval: 'paused' }))).toMatchObject({ checked: true, enabled: true })
    expect(pause(state({ autoApproval: 'on' }))).toMatchObject({ checked: false, enabled: true })
    expect(pause(state({ autoApproval: 'locked-on' }))).toMatchObject({ checked: false, enabled: false, label: 'Pause auto-approval (set by the environment)' })
    const calls = (s: TrayState) => trayMenu(s).find((item) => item.type === 'checkbox' && item.action.kind === 'toggleN8nCalls')
    expect(calls(state({ n8nCalls: 'paused' }))).toMatchObject({ checked: true, enabled: true, label: 'Pause calls to n8n' })
    expect(calls(state({ n8nCalls: 'locked-off' }))).toMatchObject({ checked: true, enabled: false, label: 'Pause calls to n8n (set by the environment)' })
  })

  it('reflects the desktop preferences as check items', () => {
    const menu = trayMenu(state({ preferences: { closeToTray: false, startMinimized: true, launchAtLogin: true, notifyFailedExecutions: false } }))
    const checks = menu.filter((item) => item.type === 'checkbox' && item.action.kind === 'togglePreference')
    expect(checks.map((item) => item.type === 'checkbox' && [item.label, item.checked])).toEqual([
      ['Keep running when the window closes', false],
      ['Start minimized', true],
      ['Launch at login', true],
      ['Notify when executions fail', false],
    ])
  })
})

describe('muted notices', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('mute for an hour, or until 8:00 the next morning (this morning, before 8)', () => {
    vi.stubEnv('TZ', 'Europe/Paris')
    const evening = new Date(2026, 10, 26, 21, 15).getTime()
    expect(muteEnd('hour', evening)).toBe(evening + 3_600_000)
    expect(muteEnd('morning', evening)).toBe(new Date(2026, 10, 27, 8).getTime())
    const night = new Date(2026, 10, 27, 2, 40).getTime()
    expect(muteEnd('morning', night)).toBe(new Date(2026, 10, 27, 8).getTime())
    // 8:00 sharp is already the morning: the next one.
    expect(muteEnd('morning', new Date(2026, 10, 27, 8).getTime())).toBe(new Date(2026, 10, 28, 8).getTime())
    expect([activeMute(null, evening), activeMute(evening + 1, evening), activeMute(evening, evening)]).toEqual([null, evening + 1, null])
  })

  it('offers the mute in the tray, and while muted says until when, in the tooltip too, with a way back', () => {
    const mute = (s: TrayState) => trayMenu(s).find((item) => item.type === 'normal' && /notices/i.test(item.label))
    expect(mute(state())).toMatchObject({
      label: 'Mute notices',
      submenu: [
        { label: 'For an hour', action: { kind: 'muteNotices', choice: 'hour' } },
        { label: 'Until 08:00 in the morning', action: { kind: 'muteNotices', choice: 'morning' } },
      ],
    })
    const until = new Date(2026, 10, 27, 8).getTime()
    expect(mute(state({ noticesMutedUntil: until }))).toMatchObject({ label: `Notices muted until ${clockTime(until)}: turn them back on`, action: { kind: 'unmuteNotices' } })
    expect(trayTooltip(state({ pendingCount: 2, noticesMutedUntil: until }))).toBe(`Flowgate: 2 approvals waiting (notices muted until ${clockTime(until)})`)
    expect(trayTooltip(state({ noticesMutedUntil: until }))).toBe(`Flowgate: nothing waits for you (notices muted until ${clockTime(until)})`)
  })
})

describe('notifications', () => {
  it('announces each new high-priority approval once, with Approve and Reject', () => {
    const first = newApprovalNotices(new Set(), [approval(1)])
    expect(first).toEqual([
      { title: 'Approval needed: Send campaign 1', body: 'email_send · high priority', click: { kind: 'openApproval', id: 1 }, approvalId: 1, actions: ['Approve', 'Reject'] },
    ])
    expect(newApprovalNotices(new Set([1]), [approval(1)])).toEqual([])
    expect(newApprovalNotices(new Set([1]), [approval(2), approval(1)]).map((n) => n.approvalId)).toEqual([2])
  })

  it('groups a burst into one notice that opens the inbox at the pending high-priority ones', () => {
    const burst = [5, 4, 3, 2].map((id) => approval(id))
    expect(GROUP_AT).toBe(3)
    expect(newApprovalNotices(new Set(), burst)).toEqual([
      { title: '4 high-priority approvals wait', body: 'Send campaign 5, Send campaign 4, Send campaign 3, …', click: { kind: 'openList', link: '#/approvals?status=pending&priority=high' }, approvalId: null, actions: [] },
    ])
  })
})

describe('window placement', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 }
  const minimum = { width: 1024, height: 640 }

  it('restores a placement that is on a connected display, keeping the minimum size', () => {
    expect(restorableState({ bounds: { x: 100, y: 50, width: 900, height: 700 }, maximized: true }, [display], minimum)).toEqual({
      bounds: { x: 100, y: 50, width: 1024, height: 700 },
      maximized: true,
    })
  })

  it('drops a placement on a display that is gone, and anything malformed', () => {
    expect(restorableState({ bounds: { x: 2500, y: 100, width: 1280, height: 800 } }, [display], minimum)).toBeNull()
    expect(restorableState({ bounds: { x: 'a', y: 0, width: 1, height: 1 } }, [display], minimum)).toBeNull()
    expect(restorableState(null, [display], minimum)).toBeNull()
    expect(restorableState({ bounds: { x: 2500, y: 100, width: 1280, height: 800 } }, [display, { x: 1920, y: 0, width: 1920, height: 1080 }], minimum)).not.toBeNull()
  })
})

describe('application menu', () => {
  it('has a Go menu over every screen with shortcuts, and the macOS app menu only on macOS', async () => {
    const { appMenuTemplate } = await import('../../src/main/desktop/app-menu')
    const visited: string[] = []
    const actions = { navigate: (hash: string) => visited.push(hash), restoreBackup: () => visited.push('restore'), showDataFolder: () => visited.push('data folder'), quit: () => visited.push('quit') }
    const linux = appMenuTemplate('linux', actions)
    const go = linux.find((menu) => menu.label === 'Go')
    const items = (go?.submenu as { label?: string; accelerator?: string; click?: () => void }[]).filter((item) => item.click)
    for (const item of items) item.click!()
    expect(visited).toEqual(['#/dashboard', '#/approvals', '#/executions', '#/workflows', '#/queue', '#/monitoring', '#/settings', '#find'])
    expect(items.at(-1)).toMatchObject({ label: 'Find Anything…', accelerator: 'CmdOrCtrl+K' })
    expect(items.map((item) => item.accelerator)).toContain('CmdOrCtrl+2')
    expect(linux.map((menu) => menu.label ?? menu.role)).toEqual(['File', 'editMenu', 'Go', 'View', 'windowMenu'])
    expect(appMenuTemplate('darwin', actions).map((menu) => menu.label ?? menu.role)).toEqual(['Flowgate', 'editMenu', 'Go', 'View', 'windowMenu'])
    // Restoring a backup sits beside Quit: in File, or in the app menu on macOS.
    for (const [platform, menu] of [['linux', 'File'], ['darwin', 'Flowgate']] as const) {
      const items = appMenuTemplate(platform, actions).find((m) => m.label === menu)?.submenu as { label?: string; click?: () => void }[]
      items.find((item) => item.label === 'Show Data Folder')!.click!()
      items.find((item) => item.label === 'Restore a Backup…')!.click!()
      expect(items.at(-1)?.label).toBe('Quit Flowgate')
    }
    expect(visited.slice(-4)).toEqual(['data folder', 'restore', 'data folder', 'restore'])
  })
})

describe('links out of the window', () => {
  it('go to the browser only when they are web addresses', () => {
    expect(openableExternally('https://n8n.example.com/workflow/KRii')).toBe(true)
    expect(openableExternally('http://127.0.0.1:5678/workflow/1')).toBe(true)
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url', '']) expect(openableExternally(url)).toBe(false)
  })
})
