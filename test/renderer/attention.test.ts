import { describe, expect, it } from 'vitest'
import { attentionItems } from '../../src/renderer/src/stores/attention'

describe('needs attention', () => {
  const dashboard = (patch: object = {}) =>
    ({
      workflows: { active: 1, inactive: 0 },
      executions_today: { completed: 4 },
      failed_not_retried_today: 0,
      pending_approvals: 2,
      approvals_expiring_soon: 0,
      decisions_not_taken: 0,
      held_workflows: [],
      failing_workflows: [],
      quiet_workflows: [],
      slow_workflows: [],
      full_workflows: [],
      coming_up: [],
      error_groups: [],
      workflow_activity: [],
      previous_secret: null,
      n8n_runs_failed_today: 0,
      ai_budget_spent: null,
      refused_webhooks: { count: 0, last_at: null, last_error: null },
      failed_webhooks: [],
      recent_errors: 0,
      average_execution_seconds: 3,
      queue_depth: 0,
      executions_per_hour: [],
      approval_time_to_decision: { median_seconds: null, decided: 0 },
      ...patch,
    }) as Parameters<typeof attentionItems>[0]
  const ok = { status: 'ok' as const, detail: '' }
  const health = (tunnel: string, backup: string, publicListener: { status: string; detail: string } = ok) =>
    ({ checks: { tunnel: { status: tunnel, detail: '' }, backup: { status: backup, detail: '' }, database: ok, publicListener } }) as unknown as Parameters<typeof attentionItems>[1]

  it('lists only what needs acting on, most pressing first', () => {
    expect(attentionItems(dashboard(), health('ok', 'ok'), 0)).toEqual([])
    expect(attentionItems(dashboard({ approvals_expiring_soon: 1, decisions_not_taken: 2, executions_today: { failed: 5 }, failed_not_retried_today: 3, n8n_runs_failed_today: 2 }), health('degraded', 'degraded'), 4)).toEqual([
      { id: 'tunnel', text: 'n8n cannot reach Flowgate: the tunnel does not answer', link: '#/settings' },
      { id: 'expiring', text: '1 approval expires within the hour', link: '#/approvals?status=pending&expiring_within_minutes=60' },
      { id: 'not-told', text: 'n8n never took 2 decisions: send again', link: '#/approvals?n8n_not_told=true' },
      { id: 'dead-letters', text: '4 webhooks failed for good: look and replay', link: '#/queue?status=failed' },
      { id: 'backup', text: 'The last backup failed', link: '#/settings' },
      { id: 'failed-today', text: '3 executions failed today, not retried yet', link: '#/executions?status=failed&period=today&not_retried=true' },
      { id: 'n8n-failed', text: '2 runs failed in n8n today that Flowgate did not start (its schedule, its own webhook)', link: '#/monitoring?search=n8n_run_failed' },
    ])
    expect(attentionItems(dashboard({ approvals_expiring_soon: 2 }), null, 0).map((item) => item.text)).toEqual(['2 approvals expire within the hour'])
    // Failures all retried since need nothing more.
    expect(attentionItems(dashboard({ executions_today: { failed: 5 }, failed_not_retried_today: 0 }), null, 0)).toEqual([])
  })

  it('says first of all when webhooks are refused because they cannot be stored, opening those refusals', () => {
    const refusing = { status: 'down', detail: 'refusing webhooks (503) for 3 min 05 s: they cannot be stored (database or disk is full); n8n is told to send them again' }
    expect(attentionItems(dashboard({ approvals_expiring_soon: 1 }), health('degraded', 'ok', refusing), 0)).toEqual([
      {
        id: 'not-stored',
        text: 'Refusing webhooks (503) for 3 min 05 s: they cannot be stored (database or disk is full); n8n is told to send them again',
        link: '#/monitoring?search=webhook_not_stored',
      },
      { id: 'tunnel', text: 'n8n cannot reach Flowgate: the tunnel does not answer', link: '#/settings' },
      { id: 'expiring', text: '1 approval expires within the hour', link: '#/approvals?status=pending&expiring_within_minutes=60' },
    ])
  })

  it("says when the day's AI budget is spent, after approvals about to expire", () => {
    const spent = { spent: 1.0234, budget: 1 }
    expect(attentionItems(dashboard({ ai_budget_spent: spent, approvals_expiring_soon: 1, decisions_not_taken: 1 }), null, 0).map((item) => item.id)).toEqual(['expiring', 'ai-budget', 'not-told'])
    expect(attentionItems(dashboard({ ai_budget_spent: { spent: 0.0512, budget: 0.05 } }), null, 0)).toEqual([
      { id: 'ai-budget', text: "Today's AI budget is spent ($0.051 of $0.050): new approvals wait for you until midnight UTC", link: '#/settings' },
    ])
  })

  it('says when n8n signs with another secret, right after the tunnel', () => {
    const now = Date.UTC(2026, 10, 27, 12)
    const refused = { count: 14, last_at: now - 180_000, last_error: 'X-N8N-Signature does not match the configured secret' }
    expect(attentionItems(dashboard({ refused_webhooks: refused, approvals_expiring_soon: 1 }), health('degraded', 'ok'), 0, now).map((item) => item.id)).toEqual(['tunnel', 'refused', 'expiring'])
    expect(attentionItems(dashboard({ refused_webhooks: refused }), null, 0, now)).toEqual([
      {
        id: 'refused',
        text: '14 webhooks refused for their signature in 24 h, the latest 3 min ago: X-N8N-Signature does not match the configured secret',
        link: '#/monitoring?search=webhook_rejected',
      },
    ])
    expect(attentionItems(dashboard({ refused_webhooks: { ...refused, count: 1 } }), null, 0, now)[0]!.text).toMatch(/^1 webhook refused for its signature in 24 h/)
  })

  it('reminds of calls held for a workflow, right after the tunnel', () => {
    const one = [{ id: 3, workflow_name: 'Mailer', waiting_calls: 1, reason: null }]
    expect(attentionItems(dashboard({ held_workflows: one, decisions_not_taken: 1 }), health('degraded', 'ok'), 0).map((item) => item.id)).toEqual(['tunnel', 'held', 'not-told'])
    expect(attentionItems(dashboard({ held_workflows: one }), null, 0)).toEqual([{ id: 'held', text: 'Calls to n8n held for "Mailer" (1 call waiting): release once n8n is fixed', link: '#/workflows/3' }])
    const two = [...one, { id: 4, workflow_name: 'Deploys', waiting_calls: 0, reason: null }]
    expect(attentionItems(dashboard({ held_workflows: two }), null, 0)[0]?.text).toBe('Calls to n8n held for 2 workflows (1 call waiting): release once n8n is fixed')
    const heldByFlowgate = [{ ...one[0]!, reason: 'its last 5 runs failed (SMTP 550)' }]
    expect(attentionItems(dashboard({ held_workflows: heldByFlowgate }), null, 0)[0]?.text).toBe(
      'Calls to n8n held for "Mailer" since its last 5 runs failed (SMTP 550) (1 call waiting): release once n8n is fixed',
    )
  })

  it('names a workflow that keeps failing, with its latest error, unless its calls are held already', () => {
    const now = 1_800_000_000_000
    const mailer = { id: 3, workflow_name: 'Mailer', failed_in_a_row: 6, failing_since: now - 2 * 3_600_000, last_error: 'SMTP 550: mailbox unavailable' }
    expect(attentionItems(dashboard({ failing_workflows: [mailer], executions_today: { failed: 6 }, failed_not_retried_today: 6 }), null, 0, now)).toEqual([
      { id: 'failing', text: '"Mailer" failed its last 6 runs, the first 2 h ago: SMTP 550: mailbox unavailable', link: '#/executions?status=failed&workflow_id=3' },
      { id: 'failed-today', text: '6 executions failed today, not retried yet', link: '#/executions?status=failed&period=today&not_retried=true' },
    ])
    const digest = { ...mailer, id: 4, workflow_name: 'Digest', last_error: null }
    expect(attentionItems(dashboard({ failing_workflows: [mailer, digest] }), null, 0, now)).toEqual([{ id: 'failing', text: '2 workflows keep failing: "Mailer", "Digest"', link: '#/executions?status=failed' }])
    const held = [{ id: 3, workflow_name: 'Mailer', waiting_calls: 2, reason: 'its last 6 runs failed' }]
    expect(attentionItems(dashboard({ failing_workflows: [mailer, digest], held_workflows: held }), null, 0, now).map((item) => [item.id, item.link])).toEqual([
      ['held', '#/workflows/3'],
      ['failing', '#/executions?status=failed&workflow_id=4'],
    ])
  })

  it('says when executions wait for a free slot behind their workflow\'s limit, after held calls', () => {
    const videos = { id: 5, workflow_name: 'Videos', held_by: 'running', limit: 2, waiting: 3, opens_at: null }
    expect(attentionItems(dashboard({ full_workflows: [videos], held_workflows: [{ id: 3, workflow_name: 'Mailer', waiting_calls: 1, reason: null }] }), null, 0).map((item) => item.id)).toEqual(['held', 'full'])
    expect(attentionItems(dashboard({ full_workflows: [videos] }), null, 0)).toEqual([{ id: 'full', text: '3 executions wait for a free slot: "Videos" runs its 2 at once', link: '#/executions?held_back=true&workflow_id=5' }])
    const two = [{ ...videos, waiting: 1 }, { id: 6, workflow_name: 'Mails', held_by: 'running', limit: 1, waiting: 0, opens_at: null }]
    expect(attentionItems(dashboard({ full_workflows: two }), null, 0)[0]).toMatchObject({ text: '1 execution waits for a free slot: 2 workflows run as many as they allow', link: '#/executions?held_back=true' })
  })

  it('says when executions wait their turn behind an hourly limit, and when the next goes', () => {
    const now = 1_800_000_000_000
    const mails = { id: 6, workflow_name: 'Mails', held_by: 'hourly', limit: 100, waiting: 40, opens_at: now + 12 * 60_000 }
    expect(attentionItems(dashboard({ full_workflows: [mails] }), null, 0, now)).toEqual([
      { id: 'full', text: '40 executions wait their turn: "Mails" started its 100 within the hour; the next goes in 12 min', link: '#/executions?held_back=true&workflow_id=6' },
    ])
    expect(attentionItems(dashboard({ full_workflows: [{ ...mails, held_by: 'daily', limit: 500 }] }), null, 0, now)[0]?.text).toBe(
      '40 executions wait their turn: "Mails" started its 500 within 24 hours; the next goes in 12 min',
    )
    const letters = { ...mails, id: 7, workflow_name: 'Letters', waiting: 1 }
    expect(attentionItems(dashboard({ full_workflows: [mails, letters] }), null, 0, now)[0]?.text).toBe(
      '41 executions wait their turn: 2 workflows started as many within the hour as they allow',
    )
    const videos = { id: 5, workflow_name: 'Videos', held_by: 'running', limit: 2, waiting: 3, opens_at: null }
    const closed = { id: 8, workflow_name: 'Digest', held_by: 'window', limit: null, waiting: 1, opens_at: now + 9 * 3_600_000 }
    expect(attentionItems(dashboard({ full_workflows: [closed] }), null, 0, now)[0]?.text).toBe('1 execution waits to be sent: the send window of "Digest" is closed; it opens in 9 h')
    expect(attentionItems(dashboard({ full_workflows: [closed, { ...closed, id: 9 }] }), null, 0, now)[0]?.text).toBe('2 executions wait to be sent: 2 workflows outside their send window')
    expect(attentionItems(dashboard({ full_workflows: [mails, videos] }), null, 0, now)[0]?.text).toBe(
      "43 executions wait on their workflows' limits: 2 workflows at their limit",
    )
  })

  it('names a workflow quieter than expected, after the limits, and counts several', () => {
    const now = 1_800_000_000_000
    const nightly = { id: 4, workflow_name: 'Nightly sync', expect_run_every_hours: 24, last_heard_at: now - 26 * 3_600_000, quiet_since: now - 2 * 3_600_000 }
    const videos = { id: 5, workflow_name: 'Videos', held_by: 'running', limit: 2, waiting: 3, opens_at: null }
    expect(attentionItems(dashboard({ quiet_workflows: [nightly], full_workflows: [videos], approvals_expiring_soon: 1 }), null, 0, now).map((item) => item.id)).toEqual(['full', 'quiet', 'expiring'])
    expect(attentionItems(dashboard({ quiet_workflows: [nightly] }), null, 0, now)).toEqual([
      { id: 'quiet', text: '"Nightly sync" not heard from for 26 h 00 min (expected at least every 24 h): is it still running in n8n?', link: '#/workflows/4' },
    ])
    const never = { ...nightly, id: 6, workflow_name: 'Backups', last_heard_at: null }
    expect(attentionItems(dashboard({ quiet_workflows: [never] }), null, 0, now)[0]?.text).toBe('"Backups" never heard from (expected at least every 24 h): is it still running in n8n?')
    expect(attentionItems(dashboard({ quiet_workflows: [nightly, never] }), null, 0, now)[0]?.text).toBe('2 workflows quieter than expected: "Nightly sync", "Backups"')
  })

  it('names a workflow running slower than usual with its medians, after the quiet ones, and counts several', () => {
    const now = 1_800_000_000_000
    const mailer = { id: 7, workflow_name: 'Mailer', recent_seconds: 130, recent_runs: 6, usual_seconds: 30, usual_runs: 50, slower: true }
    const nightly = { id: 4, workflow_name: 'Nightly sync', expect_run_every_hours: 24, last_heard_at: null, quiet_since: now - 3_600_000 }
    expect(attentionItems(dashboard({ slow_workflows: [mailer], quiet_workflows: [nightly], approvals_expiring_soon: 1 }), null, 0, now).map((item) => item.id)).toEqual(['quiet', 'slow', 'expiring'])
    expect(attentionItems(dashboard({ slow_workflows: [mailer] }), null, 0, now)).toEqual([
      { id: 'slow', text: '"Mailer" runs slower than usual: its last 6 runs took 2 min 10 s (median) against 30.0 s before', link: '#/executions?status=completed&workflow_id=7&period=24h' },
    ])
    expect(attentionItems(dashboard({ slow_workflows: [mailer, { ...mailer, id: 8, workflow_name: 'Videos' }] }), null, 0, now)[0]).toEqual({
      id: 'slow',
      text: '2 workflows run slower than usual: "Mailer", "Videos"',
      link: '#/executions?status=completed&period=24h',
    })
  })

  it('says for which workflow webhooks failed for good and why, leading to them, or which has most of them', () => {
    const leads = { workflow_id: 3, workflow_name: 'Lead intake', count: 12, last_error: 'input_data: lead_score must be a number (it is text)' }
    expect(attentionItems(dashboard({ failed_webhooks: [leads] }), null, 12)).toEqual([
      {
        id: 'dead-letters',
        text: '12 webhooks for "Lead intake" failed for good, the latest: input_data: lead_score must be a number (it is text): look and replay',
        link: '#/queue?status=failed&workflowId=3',
      },
    ])
    const generic = { workflow_id: null, workflow_name: null, count: 2, last_error: null }
    expect(attentionItems(dashboard({ failed_webhooks: [generic] }), null, 2)[0]).toEqual({ id: 'dead-letters', text: '2 webhooks for generic events failed for good: look and replay', link: '#/queue?status=failed' })
    expect(attentionItems(dashboard({ failed_webhooks: [leads, generic] }), null, 14)[0]).toEqual({ id: 'dead-letters', text: '14 webhooks failed for good, most for "Lead intake" (12): look and replay', link: '#/queue?status=failed' })
    // The queue's live count ahead of the dashboard's read: the count is said as it is now.
    expect(attentionItems(dashboard({ failed_webhooks: [leads] }), null, 13)[0]).toEqual({ id: 'dead-letters', text: '13 webhooks failed for good, most for "Lead intake" (12): look and replay', link: '#/queue?status=failed' })
  })

  it('warns while n8n still uses the replaced webhook secret, and only then', () => {
    const now = 1_800_000_000_000
    const grace = (lastUsedAt: number | null) => dashboard({ previous_secret: { accepted_until: now + 5 * 3_600_000, last_used_at: lastUsedAt } })
    expect(attentionItems(grace(null), null, 0, now)).toEqual([])
    expect(attentionItems(grace(now - 60_000), health('degraded', 'ok'), 0, now)).toEqual([
      { id: 'tunnel', text: 'n8n cannot reach Flowgate: the tunnel does not answer', link: '#/settings' },
      { id: 'old-secret', text: "n8n still uses the previous webhook secret, refused in 5 h: put the current one in n8n's credentials", link: '#/monitoring?search=previous_secret_used' },
    ])
  })
})
