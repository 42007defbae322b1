/**
 * What the tray and notifications show, as pure functions of state: the desktop layer only
 * renders these, so every rule here is tested without Electron.
 */
import { plural } from '../../shared/text'
import { refusedWebhooksSaid } from '../../shared/schemas/monitoring'
import { EXPIRY_WARNING_MINUTES } from '../../shared/schemas/approvals'
import { approvalsExpiringWithin, highPriorityApprovals, n8nRunFailureEvents, pendingApprovals, refusedWebhookEvents, standingFailuresToday, unstoredWebhookEvents } from '../../shared/list-links'
import { clockTime, MORNING_HOUR, type MuteChoice } from './quiet-notices'
import type { QuietWorkflow } from './quiet-workflow-notices'
import type { N8nRunFailure } from './n8n-run-notices'
import type { HeldWorkflow } from './held-call-notices'
import type { RefusedWebhooks } from './refused-webhook-notices'
import type { SlowWorkflow } from './slow-workflow-notices'

export interface PendingApproval {
  id: number
  title: string
  type: string
  priority: 'high' | 'medium' | 'low'
  createdAt: number
  /** The operator's decision while it can still be undone; null when none was made. */
  decided: 'approved' | 'rejected' | null
}

export interface DesktopPreferences {
  closeToTray: boolean
  startMinimized: boolean
  launchAtLogin: boolean
  notifyFailedExecutions: boolean
}

export const defaultPreferences: DesktopPreferences = { closeToTray: true, startMinimized: false, launchAtLogin: false, notifyFailedExecutions: true }

/** A pending, undecided approval about to expire. */
export interface ExpiringApproval {
  id: number
  title: string
  type: string
  expiresAt: number
}

/** An execution that failed, as a notice names it. */
export interface FailedExecution {
  id: number
  workflow: string
  error: string | null
}

/** A webhook that failed for good, as a notice names it. */
export interface FailedWebhook {
  id: number
  workflow: string | null
  error: string | null
}

/** Something the tray can pause, unless the environment decides it (locked). */
export type Pausable = 'on' | 'paused' | 'locked-on' | 'locked-off'

export interface TrayState {
  pendingCount: number
  /** Newest first. */
  highPriority: PendingApproval[]
  /** Webhooks that failed for good (the queue's dead letters), waiting to be looked at. */
  failedWebhooks: number
  /** The newest of them: for which workflow (null: a generic event) and why. */
  newestFailedWebhook: FailedWebhook | null
  /** The last backup's failure, until one succeeds again. */
  backupFailure: { at: number; message: string } | null
  /** Why webhooks are refused right now (they cannot be stored); null while they are taken in. */
  intakeDown: string | null
  /** Why n8n cannot reach Flowgate through the tunnel right now; null while it can (or is not checked). */
  tunnelDown: string | null
  /** Undecided approvals that expire within EXPIRY_WARNING_MINUTES, soonest first. */
  expiringSoon: ExpiringApproval[]
  /** Decisions n8n never took (their call failed for good), and the first of them in the inbox's order, to open. */
  notTaken: { count: number; firstId: number | null }
  /** Workflows whose calls to n8n are held, by name: a reminder to release them. */
  heldWorkflows: HeldWorkflow[]
  /** Active workflows whose last runs all failed (three or more), their calls not held: broken, not unlucky. */
  failingWorkflows: { id: number; name: string; inARow: number }[]
  /** Active workflows not heard from for longer than expected, quiet longest first. */
  quietWorkflows: QuietWorkflow[]
  /** Active workflows whose recent runs take much longer than usual, the most slowed first. */
  slowWorkflows: SlowWorkflow[]
  /** n8n still uses the webhook secret a rotation replaced: its credentials fail once the old one stops being accepted. */
  oldSecretInUse: boolean
  /** Today's model calls cost the AI's daily budget or more: new approvals wait for the operator. */
  aiBudgetSpent: { spent: number; budget: number } | null
  refusedWebhooks: RefusedWebhooks
  /** The newest failed executions, newest first (at most FAILED_EXECUTIONS_READ). */
  failedExecutions: FailedExecution[]
  /** Executions failed since midnight that no later attempt retried and none dismissed. */
  standingFailuresToday: number
  /** The newest runs that failed in n8n without Flowgate starting them, newest first. */
  n8nRunFailures: N8nRunFailure[]
  /** How many such runs failed since midnight. */
  n8nRunsFailedToday: number
  autoApproval: Pausable
  /** Calls to n8n (paused while n8n is down for maintenance). */
  n8nCalls: Pausable
  preferences: DesktopPreferences
  /** Desktop notices are muted until then; null while they are on. */
  noticesMutedUntil: number | null
}

/** Before the first read from the core: nothing waits, nothing is wrong. */
export const emptyTrayState = (preferences: DesktopPreferences, noticesMutedUntil: number | null): TrayState => ({
  pendingCount: 0,
  highPriority: [],
  failedWebhooks: 0,
  newestFailedWebhook: null,
  backupFailure: null,
  intakeDown: null,
  tunnelDown: null,
  expiringSoon: [],
  notTaken: { count: 0, firstId: null },
  heldWorkflows: [],
  failingWorkflows: [],
  quietWorkflows: [],
  slowWorkflows: [],
  oldSecretInUse: false,
  aiBudgetSpent: null,
  refusedWebhooks: { count: 0, lastAt: null, lastError: null },
  failedExecutions: [],
  standingFailuresToday: 0,
  n8nRunFailures: [],
  n8nRunsFailedToday: 0,
  autoApproval: 'on',
  n8nCalls: 'on',
  preferences,
  noticesMutedUntil,
})

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'openApproval'; id: number }
  | { kind: 'openQueue'; id?: number }
  | { kind: 'openSettings' }
  | { kind: 'openExecution'; id: number }
  | { kind: 'openWorkflow'; id: number }
  /** A list filtered by its address (shared/list-links.ts). */
  | { kind: 'openList'; link: string }
  | { kind: 'decide'; id: number; decision: 'approved' | 'rejected' }
  | { kind: 'extend'; id: number; hours: number }
  | { kind: 'undo'; id: number }
  | { kind: 'toggleAutoApproval' }
  | { kind: 'toggleN8nCalls' }
  | { kind: 'togglePreference'; key: keyof DesktopPreferences }
  | { kind: 'muteNotices'; choice: MuteChoice }
  | { kind: 'unmuteNotices' }
  | { kind: 'quit' }

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction; submenu?: TrayMenuItem[] }
  | { type: 'checkbox'; label: string; checked: boolean; enabled: boolean; action: TrayAction }

export type TrayIcon = 'idle' | 'pending' | 'urgent'

export const MENU_APPROVALS = 5
const TITLE_LENGTH = 48
export const shorten = (text: string, max = TITLE_LENGTH) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** High-priority approvals still waiting for the operator (a decision in its undo window is made). */
const undecidedHigh = (state: TrayState) => state.highPriority.filter((approval) => !approval.decided)

/** Idle with nothing waiting, a count when approvals wait, a distinct state for high priority or failures. */
export function trayIcon(state: TrayState): TrayIcon {
  if (undecidedHigh(state).length > 0 || state.failedWebhooks > 0 || state.backupFailure || state.intakeDown || state.tunnelDown || state.notTaken.count > 0) return 'urgent'
  return state.pendingCount > 0 ? 'pending' : 'idle'
}

export function trayTooltip(state: TrayState): string {
  const failed = [
    state.intakeDown ? 'webhooks are refused: they cannot be stored' : '',
    state.tunnelDown ? 'the tunnel is unreachable' : '',
    state.notTaken.count ? `n8n never took ${plural(state.notTaken.count, 'decision')}` : '',
    state.failedWebhooks ? plural(state.failedWebhooks, 'failed webhook') : '',
    state.standingFailuresToday ? `${plural(state.standingFailuresToday, 'execution')} failed today` : '',
    state.n8nRunsFailedToday ? `${plural(state.n8nRunsFailedToday, 'run')} failed in n8n today` : '',
    state.backupFailure ? 'the last backup failed' : '',
    state.heldWorkflows.length ? `calls to n8n held for ${plural(state.heldWorkflows.length, 'workflow')}` : '',
    state.oldSecretInUse ? 'n8n still uses the previous webhook secret' : '',
    state.aiBudgetSpent ? "today's AI budget is spent" : '',
    state.failingWorkflows.length ? `${plural(state.failingWorkflows.length, 'workflow')} failing` : '',
    state.quietWorkflows.length ? `${plural(state.quietWorkflows.length, 'workflow')} quieter than expected` : '',
    state.slowWorkflows.length ? `${plural(state.slowWorkflows.length, 'workflow')} slower than usual` : '',
    state.refusedWebhooks.count ? refusedWebhooksSaid(state.refusedWebhooks.count) : '',
  ]
    .filter(Boolean)
    .join('; ')
  const muted = state.noticesMutedUntil === null ? '' : ` (notices muted until ${clockTime(state.noticesMutedUntil)})`
  if (state.pendingCount === 0) return `${failed ? `Flowgate: ${failed}` : 'Flowgate: nothing waits for you'}${muted}`
  const highCount = undecidedHigh(state).length
  const high = highCount ? `, ${highCount}${highCount >= MENU_APPROVALS ? '+' : ''} high priority` : ''
  return `Flowgate: ${plural(state.pendingCount, 'approval')} waiting${high}${failed ? `; ${failed}` : ''}${muted}`
}

/** Webhooks failed for good: for which workflow the newest failed, opening it where it is corrected and replayed. */
function failedWebhooksLine(count: number, newest: FailedWebhook | null): TrayMenuItem {
  const failed = plural(count, 'failed webhook')
  if (!newest) return { type: 'normal', label: `${failed}: open the queue`, enabled: true, action: { kind: 'openQueue' } }
  const which = newest.workflow === null ? 'a generic event' : `"${newest.workflow}"`
  return { type: 'normal', label: shorten(`${failed}, the newest for ${which}: open it`, 64), enabled: true, action: { kind: 'openQueue', id: newest.id } }
}

export function trayMenu(state: TrayState): TrayMenuItem[] {
  const approvals: TrayMenuItem[] = state.highPriority.slice(0, MENU_APPROVALS).map((approval) => ({
    type: 'normal',
    label: approval.decided ? `${shorten(approval.title)}: ${approval.decided}, undo possible` : shorten(`${approval.title} (${approval.type})`),
    enabled: true,
    submenu: [
      ...(approval.decided
        ? [{ type: 'normal', label: `Undo (${approval.decided === 'approved' ? 'approval' : 'rejection'} not sent yet)`, enabled: true, action: { kind: 'undo', id: approval.id } } as const]
        : ([
            { type: 'normal', label: 'Approve', enabled: true, action: { kind: 'decide', id: approval.id, decision: 'approved' } },
            { type: 'normal', label: 'Reject', enabled: true, action: { kind: 'decide', id: approval.id, decision: 'rejected' } },
          ] as const)),
      { type: 'separator' },
      { type: 'normal', label: 'Open in Flowgate', enabled: true, action: { kind: 'openApproval', id: approval.id } },
    ],
  }))
  const inbox = { kind: 'openList', link: pendingApprovals } as const
  const waiting = plural(state.pendingCount, 'approval')
  const heading: TrayMenuItem = state.highPriority.length
    ? { type: 'normal', label: 'High-priority approvals', enabled: false }
    : state.pendingCount
      ? { type: 'normal', label: `${waiting} waiting, none high priority: open`, enabled: true, action: inbox }
      : { type: 'normal', label: 'No approvals waiting', enabled: false }
  const expiring = state.expiringSoon.length
  const approvalLinks: TrayMenuItem[] = [
    ...(state.highPriority.length && state.pendingCount ? [{ type: 'normal', label: `Open the inbox (${waiting} waiting)`, enabled: true, action: inbox } as const] : []),
    ...(expiring
      ? [
          {
            type: 'normal',
            label: `${plural(expiring, 'approval')} ${expiring === 1 ? 'expires' : 'expire'} within ${EXPIRY_WARNING_MINUTES} min: open`,
            enabled: true,
            action: { kind: 'openList', link: approvalsExpiringWithin(EXPIRY_WARNING_MINUTES) },
          } as const,
        ]
      : []),
  ]
  const pause = (what: Pausable, label: string, action: TrayAction): TrayMenuItem => ({
    type: 'checkbox',
    label: what.startsWith('locked') ? `${label} (set by the environment)` : label,
    checked: what === 'paused' || what === 'locked-off',
    enabled: !what.startsWith('locked'),
    action,
  })
  const pref = (key: keyof DesktopPreferences, label: string): TrayMenuItem => ({ type: 'checkbox', label, checked: state.preferences[key], enabled: true, action: { kind: 'togglePreference', key } })
  const failures: TrayMenuItem[] = [
    ...(state.intakeDown ? [{ type: 'normal', label: 'Webhooks are refused, they cannot be stored: see why', enabled: true, action: { kind: 'openList', link: unstoredWebhookEvents } } as const] : []),
    ...(state.tunnelDown ? [{ type: 'normal', label: 'n8n cannot reach Flowgate (tunnel): open Settings', enabled: true, action: { kind: 'openSettings' } } as const] : []),
    ...(state.oldSecretInUse ? [{ type: 'normal', label: 'n8n still uses the previous webhook secret: open Settings', enabled: true, action: { kind: 'openSettings' } } as const] : []),
    ...(state.aiBudgetSpent ? [{ type: 'normal', label: "Today's AI budget is spent, approvals wait for you: open Settings", enabled: true, action: { kind: 'openSettings' } } as const] : []),
    ...(state.notTaken.firstId !== null
      ? [{ type: 'normal', label: `n8n never took ${plural(state.notTaken.count, 'decision')}: send again`, enabled: true, action: { kind: 'openApproval', id: state.notTaken.firstId } } as const]
      : []),
    ...(state.failedWebhooks ? [failedWebhooksLine(state.failedWebhooks, state.newestFailedWebhook)] : []),
    ...(state.standingFailuresToday
      ? [{ type: 'normal', label: `${plural(state.standingFailuresToday, 'execution')} failed today, not retried yet: open`, enabled: true, action: { kind: 'openList', link: standingFailuresToday } } as const]
      : []),
    ...(state.n8nRunsFailedToday
      ? [{ type: 'normal', label: `${plural(state.n8nRunsFailedToday, 'run')} failed in n8n today, not started by Flowgate: open`, enabled: true, action: { kind: 'openList', link: n8nRunFailureEvents } } as const]
      : []),
    ...(state.backupFailure ? [{ type: 'normal', label: 'The last backup failed: open Settings', enabled: true, action: { kind: 'openSettings' } } as const] : []),
    ...state.heldWorkflows.map(
      (held) =>
        ({ type: 'normal', label: shorten(`Calls held for "${held.name}" (${held.waiting} waiting): release`), enabled: true, action: { kind: 'openWorkflow', id: held.id } }) as const,
    ),
    ...state.failingWorkflows.map((failing) => ({ type: 'normal', label: shorten(`"${failing.name}" keeps failing (${failing.inARow} in a row): open`), enabled: true, action: { kind: 'openWorkflow', id: failing.id } }) as const),
    ...state.quietWorkflows.map((quiet) => ({ type: 'normal', label: shorten(`"${quiet.name}" has gone quiet: open`), enabled: true, action: { kind: 'openWorkflow', id: quiet.id } }) as const),
    ...state.slowWorkflows.map((slow) => ({ type: 'normal', label: shorten(`"${slow.name}" runs slower than usual: open`), enabled: true, action: { kind: 'openWorkflow', id: slow.id } }) as const),
    // Who was refused and why is in the activity log: n8n with an old secret, or a stranger.
    ...(state.refusedWebhooks.count ? [{ type: 'normal', label: `${refusedWebhooksSaid(state.refusedWebhooks.count)}: see who and why`, enabled: true, action: { kind: 'openList', link: refusedWebhookEvents } } as const] : []),
  ]
  return [
    heading,
    ...approvals,
    ...approvalLinks,
    ...(failures.length ? [{ type: 'separator' } as const, ...failures] : []),
    { type: 'separator' },
    { type: 'normal', label: 'Open Flowgate', enabled: true, action: { kind: 'open' } },
    pause(state.autoApproval, 'Pause auto-approval', { kind: 'toggleAutoApproval' }),
    pause(state.n8nCalls, 'Pause calls to n8n', { kind: 'toggleN8nCalls' }),
    { type: 'separator' },
    pref('closeToTray', 'Keep running when the window closes'),
    pref('startMinimized', 'Start minimized'),
    pref('launchAtLogin', 'Launch at login'),
    pref('notifyFailedExecutions', 'Notify when executions fail'),
    muteItem(state.noticesMutedUntil),
    { type: 'separator' },
    { type: 'normal', label: 'Quit Flowgate', enabled: true, action: { kind: 'quit' } },
  ]
}

/** Mute the notices for a while, or, while they are muted, say until when and turn them back on. */
function muteItem(mutedUntil: number | null): TrayMenuItem {
  if (mutedUntil !== null) return { type: 'normal', label: `Notices muted until ${clockTime(mutedUntil)}: turn them back on`, enabled: true, action: { kind: 'unmuteNotices' } }
  return {
    type: 'normal',
    label: 'Mute notices',
    enabled: true,
    submenu: [
      { type: 'normal', label: 'For an hour', enabled: true, action: { kind: 'muteNotices', choice: 'hour' } },
      { type: 'normal', label: `Until ${String(MORNING_HOUR).padStart(2, '0')}:00 in the morning`, enabled: true, action: { kind: 'muteNotices', choice: 'morning' } },
    ],
  }
}

export interface Notice {
  title: string
  body: string
  /** What a click on the notice does. */
  click: TrayAction
  /** The approval the actions concern; null when the notice offers none. */
  approvalId: number | null
  actions: NoticeButton[]
}

export type NoticeButton = 'Approve' | 'Reject' | 'A day more'

/** What a notice's button does to its approval. */
export function noticeAction(notice: Notice, index: number): TrayAction | null {
  const button = notice.actions[index]
  if (notice.approvalId === null || !button) return null
  if (button === 'A day more') return { kind: 'extend', id: notice.approvalId, hours: 24 }
  return { kind: 'decide', id: notice.approvalId, decision: button === 'Approve' ? 'approved' : 'rejected' }
}

/** More new high-priority approvals than this at once become one grouped notice. */
export const GROUP_AT = 3

/**
 * The notices for high-priority approvals not seen before: one each, or one grouped notice
 * opening the inbox at them when a burst arrives. `seen` is what earlier calls already announced.
 */
export function newApprovalNotices(seen: ReadonlySet<number>, highPriority: PendingApproval[]): Notice[] {
  const fresh = highPriority.filter((approval) => !seen.has(approval.id))
  if (fresh.length === 0) return []
  if (fresh.length >= GROUP_AT) {
    const titles = fresh.slice(0, 3).map((a) => a.title).join(', ')
    return [{ title: `${fresh.length} high-priority approvals wait`, body: `${titles}${fresh.length > 3 ? ', …' : ''}`, click: { kind: 'openList', link: highPriorityApprovals }, approvalId: null, actions: [] }]
  }
  return fresh.map((approval) => ({
    title: `Approval needed: ${approval.title}`,
    body: `${approval.type} · high priority`,
    click: { kind: 'openApproval', id: approval.id },
    approvalId: approval.id,
    actions: ['Approve', 'Reject'],
  }))
}

/**
 * Approvals about to expire that were not announced yet: one notice each, with Approve and Reject,
 * or one grouped notice for several, opening the inbox at them; the first look announces too, since
 * they cannot wait.
 */
export function newExpiryNotices(warned: ReadonlySet<number>, expiring: ExpiringApproval[], now: number): Notice[] {
  const fresh = expiring.filter((approval) => !warned.has(approval.id))
  if (fresh.length === 0) return []
  const minutes = (approval: ExpiringApproval) => `${Math.max(1, Math.ceil((approval.expiresAt - now) / 60_000))} min`
  if (fresh.length >= GROUP_AT) {
    const titles = fresh.slice(0, 3).map((a) => a.title).join(', ')
    return [{ title: `${fresh.length} approvals expire soon`, body: `${titles}${fresh.length > 3 ? ', …' : ''} — the first in ${minutes(fresh[0]!)}`, click: { kind: 'openList', link: approvalsExpiringWithin(EXPIRY_WARNING_MINUTES) }, approvalId: null, actions: [] }]
  }
  return fresh.map((approval) => ({
    title: `Expires in ${minutes(approval)}: ${shorten(approval.title)}`,
    body: `${approval.type} — undecided, it expires and the workflow is told "expired".`,
    click: { kind: 'openApproval', id: approval.id },
    approvalId: approval.id,
    actions: ['Approve', 'Reject', 'A day more'],
  }))
}
