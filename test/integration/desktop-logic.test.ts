import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readTrayState } from '../../src/main/desktop/approvals-feed'
import { desktopFiles } from '../../src/main/desktop/desktop-files'
import { newFailureNotice } from '../../src/main/desktop/status-notices'
import { performTrayAction, type TrayActionDeps } from '../../src/main/desktop/tray-actions'
import { defaultPreferences, trayIcon, trayMenu, type TrayAction, type TrayState } from '../../src/main/desktop/tray-model'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'
import { tempDir } from '../helpers/temp'

describe('the desktop shell over a real core (no Electron)', () => {
  let c: RunningCore | undefined
  afterEach(async () => {
    await c?.close()
    c = undefined
  })

  const addApproval = (priority: string, title: string, createdAt: number) =>
    Number(
      c!.core.internals.database.sqlite
        .prepare("insert into workflow_approvals (approval_type, approval_title, status, priority, created_at, updated_at) values ('email_send', ?, 'pending', ?, ?, ?)")
        .run(title, priority, createdAt, createdAt).lastInsertRowid,
    )

  const depsFor = (state: () => TrayState, log: string[]): TrayActionDeps => ({
    api: c!.core.api,
    state,
    showWindow: () => log.push('show'),
    openApproval: (id) => log.push(`open ${id}`),
    openQueue: (id) => log.push(id === undefined ? 'open queue' : `open queue item ${id}`),
    openSettings: () => log.push('open settings'),
    openExecution: (id) => log.push(`open execution ${id}`),
    openWorkflow: (id) => log.push(`open workflow ${id}`),
    openList: (link) => log.push(`open list ${link}`),
    setPreference: (key, value) => log.push(`${key}=${value}`),
    muteNotices: (until) => log.push(`muted until ${until}`),
    // 10:30 local on 26 November 2026.
    now: () => new Date(2026, 10, 26, 10, 30).getTime(),
    quit: () => log.push('quit'),
    report: (message) => log.push(`report: ${message}`),
  })

  /** What clicking the tray line labelled so does, as the deps hear it. */
  const clickTrayLine = async (state: TrayState, label: string): Promise<string[]> => {
    const line = trayMenu(state).find((item) => item.type === 'normal' && item.label === label)
    const log: string[] = []
    await performTrayAction((line as { action: TrayAction }).action, depsFor(() => state, log))
    return log
  }

  it('reads the pending count, newest high-priority approvals and the auto-approval switch', async () => {
    c = await startTestCore()
    addApproval('medium', 'Medium one', 1)
    addApproval('high', 'Older high', 2)
    const newest = addApproval('high', 'Newest high', 3)
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.pendingCount).toBe(3)
    expect(state.highPriority.map((a) => a.title)).toEqual(['Newest high', 'Older high'])
    expect(state.highPriority[0]).toMatchObject({ id: newest, type: 'email_send', priority: 'high' })
    expect(state.autoApproval).toBe('on')
    expect(trayIcon(state)).toBe('urgent')
  })

  it('decides from the tray and notifications through the core, recording where the decision came from', async () => {
    c = await startTestCore()
    const fromTray = addApproval('high', 'A', 1)
    const fromNotice = addApproval('high', 'B', 2)
    const log: string[] = []
    let state = await readTrayState(c.core.api, defaultPreferences)
    const deps = depsFor(() => state, log)
    await performTrayAction({ kind: 'decide', id: fromTray, decision: 'approved' }, deps, 'tray')
    await performTrayAction({ kind: 'decide', id: fromNotice, decision: 'rejected' }, deps, 'notification')
    // A click in a menu can be a slip: both wait out the undo window, and the tray offers Undo instead.
    expect(await c.core.api['approvals.get']({ id: fromTray })).toMatchObject({ status: 'pending', pending_decision: { decision: 'approved', approver: 'operator' } })
    state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.pendingCount).toBe(0)
    expect(state.highPriority.map((a) => a.decided)).toEqual(['rejected', 'approved'])
    expect(trayIcon(state)).toBe('idle')
    await performTrayAction({ kind: 'decide', id: fromTray, decision: 'rejected' }, deps, 'tray')
    expect(log).toEqual([expect.stringMatching(/^report: Approval \d+ was just approved by operator; that takes effect at .* unless undone$/)])
    await performTrayAction({ kind: 'undo', id: fromNotice }, deps)
    expect(await c.core.api['approvals.get']({ id: fromNotice })).toMatchObject({ status: 'pending', pending_decision: null })

    c.clock.advance(10_000)
    await c.tick()
    expect(await c.core.api['approvals.get']({ id: fromTray })).toMatchObject({ status: 'approved', decision_source: 'tray', decided_by: 'operator', pending_decision: null })
    await performTrayAction({ kind: 'undo', id: fromTray }, deps)
    expect(log[1]).toMatch(/^report: Approval \d+ was already approved by operator at .*; that can no longer be undone$/)
    await performTrayAction({ kind: 'decide', id: fromNotice, decision: 'rejected' }, deps, 'notification')
    c.clock.advance(10_000)
    await c.tick()
    expect(await c.core.api['approvals.get']({ id: fromNotice })).toMatchObject({ status: 'rejected', decision_source: 'notification' })
    state = await readTrayState(c.core.api, defaultPreferences)
    expect([state.pendingCount, state.highPriority.length]).toEqual([0, 0])
  })

  it('reads the undecided approvals about to expire, soonest first', async () => {
    c = await startTestCore({ AUTO_APPROVAL_ENABLED: 'false' })
    const now = c.clock.now()
    const expiring = (title: string, minutes: number) =>
      Number(
        c!.core.internals.database.sqlite
          .prepare("insert into workflow_approvals (approval_type, approval_title, status, priority, expires_at, created_at, updated_at) values ('email_send', ?, 'pending', 'low', ?, ?, ?)")
          .run(title, now + minutes * 60_000, now, now).lastInsertRowid,
      )
    const later = expiring('In 14 min', 14)
    const sooner = expiring('In 5 min', 5)
    expiring('In an hour', 60)
    const decided = expiring('Decided, not sent yet', 3)
    await c.core.api['approvals.decide']({ id: decided, decision: 'approved', approver_name: 'operator', source: 'window' })
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.expiringSoon).toEqual([
      { id: sooner, title: 'In 5 min', type: 'email_send', expiresAt: now + 5 * 60_000 },
      { id: later, title: 'In 14 min', type: 'email_send', expiresAt: now + 14 * 60_000 },
    ])
  })

  it('reads the webhooks refused for their signature, as the dashboard counts them', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    expect((await readTrayState(c.core.api, defaultPreferences)).refusedWebhooks).toEqual({ count: 0, lastAt: null, lastError: null })
    const forged = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/generic`, { method: 'POST', body: '{}', headers: { ...json, ...sign.sharedSecret('an-old-secret') } })
    expect(forged.status).toBe(401)
    await c.core.internals.monitor.flush()
    expect((await readTrayState(c.core.api, defaultPreferences)).refusedWebhooks).toEqual({ count: 1, lastAt: c.clock.now(), lastError: 'X-N8N-Signature does not match the configured secret' })
  })

  it('reads the workflows running slower than usual, with their medians', async () => {
    c = await startTestCore()
    const id = c.addWorkflow({ name: 'Videos' })
    const now = c.clock.now()
    const ran = c.core.internals.database.sqlite.prepare("insert into workflow_executions (workflow_id, status, duration_seconds, created_at, updated_at) values (?, 'completed', ?, ?, ?)")
    for (let i = 0; i < 10; i++) ran.run(id, 30, now - 48 * 3_600_000 + i, now)
    expect((await readTrayState(c.core.api, defaultPreferences)).slowWorkflows).toEqual([])
    for (let i = 0; i < 3; i++) ran.run(id, 120, now - 3_600_000 + i, now)
    expect((await readTrayState(c.core.api, defaultPreferences)).slowWorkflows).toEqual([{ id, name: 'Videos', recentRuns: 3, recentSeconds: 120, usualSeconds: 30 }])
  })

  it('reads the newest webhook failed for good, with its workflow and why, and its notice opens it', async () => {
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    expect((await readTrayState(c.core.api, defaultPreferences)).newestFailedWebhook).toBeNull()
    const mailer = (await c.admin('POST', '/api/v1/workflows', { workflow_name: 'Mailer', required_input_fields: ['email'] })).body.id as number
    const body = JSON.stringify({ name: 'Ada' })
    const sent = await fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${mailer}`, { method: 'POST', body, headers: { ...json, ...sign.hmac(body, TEST_WEBHOOK_SECRET) } })
    const queued = ((await sent.json()) as { queued: number }).queued
    await c.tick()
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.newestFailedWebhook).toEqual({ id: queued, workflow: 'Mailer', error: 'input_data: email is missing or empty; workflow "Mailer" requires it' })
    const notice = newFailureNotice(0, state.failedWebhooks, state.newestFailedWebhook)!
    expect(notice.body).toBe('"Mailer": input_data: email is missing or empty; workflow "Mailer" requires it — open it to correct and replay.')
    const log: string[] = []
    await performTrayAction(notice.click, depsFor(() => state, log))
    expect(log).toEqual([`open queue item ${queued}`])
  })

  it('reads how many decisions n8n never took, and the first of them in the inbox', async () => {
    c = await startTestCore()
    expect((await readTrayState(c.core.api, defaultPreferences)).notTaken).toEqual({ count: 0, firstId: null })
    const sqlite = c.core.internals.database.sqlite
    const decided = (title: string) => {
      const id = Number(sqlite.prepare("insert into workflow_approvals (approval_type, approval_title, resume_url, status, created_at, updated_at) values ('email_send', ?, 'http://n8n/webhook-waiting/1', 'approved', 1, 1)").run(title).lastInsertRowid)
      return (status: string) => sqlite.prepare("insert into outbox (kind, target_url, body, approval_id, status, next_attempt_at, created_at, updated_at) values ('resume', 'http://n8n/webhook-waiting/1', '{}', ?, ?, 1, 1, 1)").run(id, status) && id
    }
    const older = decided('Older')('failed')
    const resent = decided('Sent again')
    resent('failed')
    resent('done')
    decided('Newer')('failed')
    expect((await readTrayState(c.core.api, defaultPreferences)).notTaken).toEqual({ count: 2, firstId: older })
  })

  it("gives an approval a day more from its expiry notice, and reports when it cannot", async () => {
    c = await startTestCore()
    const now = c.clock.now()
    const id = Number(
      c.core.internals.database.sqlite
        .prepare("insert into workflow_approvals (approval_type, approval_title, status, priority, expires_at, created_at, updated_at) values ('email_send', 'Soon', 'pending', 'high', ?, ?, ?)")
        .run(now + 10 * 60_000, now, now).lastInsertRowid,
    )
    const log: string[] = []
    const state = await readTrayState(c.core.api, defaultPreferences)
    await performTrayAction({ kind: 'extend', id, hours: 24 }, depsFor(() => state, log), 'notification')
    expect((await c.core.api['approvals.get']({ id })).expires_at).toBe(now + 10 * 60_000 + 24 * 3_600_000)
    expect((await readTrayState(c.core.api, defaultPreferences)).expiringSoon).toEqual([])
    await c.core.api['approvals.decide']({ id, decision: 'rejected', approver_name: 'operator', source: 'api' })
    await performTrayAction({ kind: 'extend', id, hours: 24 }, depsFor(() => state, log), 'notification')
    expect(log).toEqual([`report: Approval ${id} is rejected; only a pending approval can be given more time`])
  })

  it('reads the workflows whose calls are held, and opens one from the tray', async () => {
    c = await startTestCore()
    expect((await readTrayState(c.core.api, defaultPreferences)).heldWorkflows).toEqual([])
    const workflow = await c.core.api['workflows.create']({ workflow_name: 'Mailer', trigger_events: [], is_active: true, requires_approval: false, auto_approval_enabled: false, calls_held: true, alerts_muted: false, default_approval_type: 'email_send', default_priority: 'medium', webhook_url: 'http://127.0.0.1:9/hook' })
    await c.core.api['workflows.trigger']({ id: workflow.id, trigger_event: 'manual', trigger_source: 'api', input_data: {} })
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.heldWorkflows).toEqual([{ id: workflow.id, name: 'Mailer', waiting: 1, reason: null }])
    const log: string[] = []
    await performTrayAction({ kind: 'openWorkflow', id: workflow.id }, depsFor(() => state, log))
    expect(log).toEqual([`open workflow ${workflow.id}`])
  })

  it('reads the workflows that keep failing, leaving out those whose calls are held already', async () => {
    c = await startTestCore()
    const id = c.addWorkflow({ name: 'Mailer' })
    const now = c.clock.now()
    const failed = c.core.internals.database.sqlite.prepare("insert into workflow_executions (workflow_id, status, error_message, created_at, updated_at) values (?, 'failed', 'SMTP 550', ?, ?)")
    for (let i = 0; i < 3; i++) failed.run(id, now + i, now + i)
    expect((await readTrayState(c.core.api, defaultPreferences)).failingWorkflows).toEqual([{ id, name: 'Mailer', inARow: 3 }])
    await c.core.api['workflows.update']({ id, changes: { calls_held: true } })
    expect((await readTrayState(c.core.api, defaultPreferences)).failingWorkflows).toEqual([])
  })

  it('pauses and resumes auto-approval and calls to n8n, and leaves them alone when the environment sets them', async () => {
    c = await startTestCore()
    let state = await readTrayState(c.core.api, defaultPreferences)
    const deps = depsFor(() => state, [])
    await performTrayAction({ kind: 'toggleAutoApproval' }, deps)
    state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.autoApproval).toBe('paused')
    await performTrayAction({ kind: 'toggleAutoApproval' }, deps)
    expect((await readTrayState(c.core.api, defaultPreferences)).autoApproval).toBe('on')
    // Calls to n8n pause and resume the same way.
    expect(state.n8nCalls).toBe('on')
    await performTrayAction({ kind: 'toggleN8nCalls' }, deps)
    state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.n8nCalls).toBe('paused')
    expect(c.core.internals.database.sqlite.prepare("select value from settings where key = 'N8N_CALLS_PAUSED'").pluck().get()).toBe('true')
    await performTrayAction({ kind: 'toggleN8nCalls' }, deps)
    expect((await readTrayState(c.core.api, defaultPreferences)).n8nCalls).toBe('on')
    await c.close()

    c = await startTestCore({ AUTO_APPROVAL_ENABLED: 'false', N8N_CALLS_PAUSED: 'true' })
    expect((await readTrayState(c.core.api, defaultPreferences))).toMatchObject({ autoApproval: 'locked-off', n8nCalls: 'locked-off' })
  })

  it('routes window actions to the shell', async () => {
    c = await startTestCore()
    const log: string[] = []
    const state = await readTrayState(c.core.api, defaultPreferences)
    const deps = depsFor(() => state, log)
    for (const action of [
      { kind: 'open' },
      { kind: 'openApproval', id: 7 },
      { kind: 'openQueue' },
      { kind: 'openSettings' },
      { kind: 'openExecution', id: 12 },
      { kind: 'togglePreference', key: 'startMinimized' },
      { kind: 'muteNotices', choice: 'hour' },
      { kind: 'muteNotices', choice: 'morning' },
      { kind: 'unmuteNotices' },
      { kind: 'quit' },
    ] as const) {
      await performTrayAction(action, deps)
    }
    const now = deps.now()
    expect(log).toEqual([
      'show',
      'open 7',
      'open queue',
      'open settings',
      'open execution 12',
      'startMinimized=true',
      `muted until ${now + 3_600_000}`,
      `muted until ${new Date(2026, 10, 27, 8).getTime()}`,
      'muted until null',
      'quit',
    ])
  })

  it('reads the queue\'s dead letters, which make the tray urgent until they are replayed', async () => {
    c = await startTestCore()
    const sqlite = c.core.internals.database.sqlite
    expect((await readTrayState(c.core.api, defaultPreferences)).failedWebhooks).toBe(0)
    const failed = Number(
      sqlite
        .prepare("insert into webhook_queue (kind, webhook_payload, status, last_error, received_at, created_at, updated_at) values ('generic_event', '{}', 'failed', 'no handler', 1, 1, 1)")
        .run().lastInsertRowid,
    )
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.failedWebhooks).toBe(1)
    expect(trayIcon(state)).toBe('urgent')
    await c.core.api['queue.replay']({ id: failed })
    expect((await readTrayState(c.core.api, defaultPreferences)).failedWebhooks).toBe(0)
  })

  it('reads the newest failed executions with their workflows named, a deleted one by its number', async () => {
    c = await startTestCore()
    const kept = c.addWorkflow({ name: 'Demo deploy' })
    const gone = c.addWorkflow({ name: 'Old sync' })
    const insert = c.core.internals.database.sqlite.prepare(
      "insert into workflow_executions (workflow_id, status, error_message, attempt, created_at, updated_at) values (?, ?, ?, 1, 0, 0)",
    )
    const ids = [insert.run(kept, 'failed', 'SMTP 550'), insert.run(gone, 'failed', null), insert.run(kept, 'completed', null)].map((r) => Number(r.lastInsertRowid))
    await c.core.api['workflows.delete']({ id: gone })
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.failedExecutions).toEqual([
      { id: ids[1], workflow: `workflow #${gone}`, error: null },
      { id: ids[0], workflow: 'Demo deploy', error: 'SMTP 550' },
    ])
  })

  it("reads today's failures still standing as the dashboard counts them, and opens that list", async () => {
    c = await startTestCore()
    const id = c.addWorkflow({ name: 'Mailer' })
    const now = c.clock.now()
    const insert = c.core.internals.database.sqlite.prepare(
      "insert into workflow_executions (workflow_id, status, error_message, dismissed_at, created_at, updated_at) values (?, 'failed', 'SMTP 550', ?, ?, ?)",
    )
    insert.run(id, null, now, now)
    insert.run(id, null, now, now)
    insert.run(id, now, now, now)
    insert.run(id, null, now - 48 * 3_600_000, now)
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.standingFailuresToday).toBe(2)
    expect(state.standingFailuresToday).toBe((await c.core.api['monitoring.dashboard']({ range: '24h' })).failed_not_retried_today)
    expect(await clickTrayLine(state, '2 executions failed today, not retried yet: open')).toEqual(['open list #/executions?status=failed&period=today&not_retried=true'])
  })

  it("reads today's runs that failed in n8n as the dashboard counts them, and opens those events", async () => {
    c = await startTestCore()
    const id = c.addWorkflow({ name: 'Nightly sync' })
    const now = c.clock.now()
    const insert = c.core.internals.database.sqlite.prepare(
      "insert into workflow_monitoring (workflow_id, event_type, severity, event_data, timestamp) values (?, 'n8n_run_failed', 'error', '{}', ?)",
    )
    insert.run(id, now)
    insert.run(id, now - 48 * 3_600_000)
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.n8nRunsFailedToday).toBe(1)
    expect(state.n8nRunsFailedToday).toBe((await c.core.api['monitoring.dashboard']({ range: '24h' })).n8n_runs_failed_today)
    expect(await clickTrayLine(state, '1 run failed in n8n today, not started by Flowgate: open')).toEqual(['open list #/monitoring?search=n8n_run_failed'])
  })

  it("reads a failed backup, which makes the tray urgent until a backup succeeds", async () => {
    c = await startTestCore()
    expect((await readTrayState(c.core.api, defaultPreferences)).backupFailure).toBeNull()
    const blocked = path.join(c.dataDir, 'a-file')
    fs.writeFileSync(blocked, '')
    await c.core.api['settings.update']({ values: { FLOWGATE_BACKUP_DIR: blocked } })
    await expect(c.core.api['system.backup'](undefined)).rejects.toThrow(/^Backup into .*a-file failed: /)
    const state = await readTrayState(c.core.api, defaultPreferences)
    expect(state.backupFailure).toMatchObject({ at: c.clock.now(), message: expect.stringContaining('a-file') })
    expect(trayIcon(state)).toBe('urgent')
    await c.core.api['settings.update']({ values: { FLOWGATE_BACKUP_DIR: null } })
    await c.core.api['system.backup'](undefined)
    expect((await readTrayState(c.core.api, defaultPreferences)).backupFailure).toBeNull()
  })
})

describe('desktop files', () => {
  it('keeps preferences and window placement across starts; damaged files mean defaults', () => {
    const temp = tempDir()
    const files = desktopFiles(temp.dir)
    expect(files.readPreferences()).toEqual(defaultPreferences)
    files.writePreferences({ closeToTray: false, startMinimized: true, launchAtLogin: true, notifyFailedExecutions: false })
    files.writeWindowState({ bounds: { x: 1, y: 2, width: 1300, height: 900 }, maximized: false })
    const again = desktopFiles(temp.dir)
    expect(again.readPreferences()).toEqual({ closeToTray: false, startMinimized: true, launchAtLogin: true, notifyFailedExecutions: false })
    // A file written before a preference existed gives that preference its default.
    fs.writeFileSync(path.join(temp.dir, 'desktop-preferences.json'), '{"closeToTray": false}')
    expect(again.readPreferences()).toEqual({ ...defaultPreferences, closeToTray: false })
    expect(again.readWindowState()).toEqual({ bounds: { x: 1, y: 2, width: 1300, height: 900 }, maximized: false })
    // A mute outlives a restart; a damaged file means notices on.
    expect(again.readNoticesMutedUntil()).toBeNull()
    files.writeNoticesMutedUntil(1_800_000_000_000)
    expect(desktopFiles(temp.dir).readNoticesMutedUntil()).toBe(1_800_000_000_000)
    fs.writeFileSync(path.join(temp.dir, 'desktop-notices-muted.json'), '{"until": "tomorrow"}')
    expect(again.readNoticesMutedUntil()).toBeNull()
    fs.writeFileSync(path.join(temp.dir, 'desktop-preferences.json'), '{"closeToTray": "yes", "startMinimized": tru')
    expect(again.readPreferences()).toEqual(defaultPreferences)
    temp.cleanup()
  })
})
