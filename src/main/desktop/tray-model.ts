/**
 * What the tray and notifications show, as pure functions of state: the desktop layer only
 * renders these, so every rule here is tested without Electron.
 */

export interface PendingApproval {
  id: number
  title: string
  type: string
  priority: 'high' | 'medium' | 'low'
  createdAt: number
}

export interface DesktopPreferences {
  closeToTray: boolean
  startMinimized: boolean
  launchAtLogin: boolean
}

export const defaultPreferences: DesktopPreferences = { closeToTray: true, startMinimized: false, launchAtLogin: false }

export interface TrayState {
  pendingCount: number
  /** Newest first. */
  highPriority: PendingApproval[]
  autoApproval: 'on' | 'paused' | 'locked-on' | 'locked-off'
  preferences: DesktopPreferences
}

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'openApproval'; id: number }
  | { kind: 'decide'; id: number; decision: 'approved' | 'rejected' }
  | { kind: 'toggleAutoApproval' }
  | { kind: 'togglePreference'; key: keyof DesktopPreferences }
  | { kind: 'quit' }

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction; submenu?: TrayMenuItem[] }
  | { type: 'checkbox'; label: string; checked: boolean; enabled: boolean; action: TrayAction }

export type TrayIcon = 'idle' | 'pending' | 'urgent'

export const MENU_APPROVALS = 5
const TITLE_LENGTH = 48

const shorten = (text: string) => (text.length > TITLE_LENGTH ? `${text.slice(0, TITLE_LENGTH - 1)}…` : text)

/** Idle with nothing waiting, a count when approvals wait, a distinct state for high priority. */
export function trayIcon(state: TrayState): TrayIcon {
  if (state.highPriority.length > 0) return 'urgent'
  return state.pendingCount > 0 ? 'pending' : 'idle'
}

export function trayTooltip(state: TrayState): string {
  if (state.pendingCount === 0) return 'Flowgate: nothing waits for you'
  const high = state.highPriority.length ? `, ${state.highPriority.length}${state.highPriority.length >= MENU_APPROVALS ? '+' : ''} high priority` : ''
  return `Flowgate: ${state.pendingCount} approval${state.pendingCount === 1 ? '' : 's'} waiting${high}`
}

export function trayMenu(state: TrayState): TrayMenuItem[] {
  const approvals: TrayMenuItem[] = state.highPriority.slice(0, MENU_APPROVALS).map((approval) => ({
    type: 'normal',
    label: shorten(`${approval.title} (${approval.type})`),
    enabled: true,
    submenu: [
      { type: 'normal', label: 'Approve', enabled: true, action: { kind: 'decide', id: approval.id, decision: 'approved' } },
      { type: 'normal', label: 'Reject', enabled: true, action: { kind: 'decide', id: approval.id, decision: 'rejected' } },
      { type: 'separator' },
      { type: 'normal', label: 'Open in Flowgate', enabled: true, action: { kind: 'openApproval', id: approval.id } },
    ],
  }))
  const heading: TrayMenuItem = {
    type: 'normal',
    label: state.highPriority.length ? 'High-priority approvals' : state.pendingCount ? `${state.pendingCount} approval(s) waiting, none high priority` : 'No approvals waiting',
    enabled: false,
  }
  const locked = state.autoApproval.startsWith('locked')
  const pref = (key: keyof DesktopPreferences, label: string): TrayMenuItem => ({ type: 'checkbox', label, checked: state.preferences[key], enabled: true, action: { kind: 'togglePreference', key } })
  return [
    heading,
    ...approvals,
    { type: 'separator' },
    { type: 'normal', label: 'Open Flowgate', enabled: true, action: { kind: 'open' } },
    {
      type: 'checkbox',
      label: locked ? 'Pause auto-approval (set by the environment)' : 'Pause auto-approval',
      checked: state.autoApproval === 'paused' || state.autoApproval === 'locked-off',
      enabled: !locked,
      action: { kind: 'toggleAutoApproval' },
    },
    { type: 'separator' },
    pref('closeToTray', 'Keep running when the window closes'),
    pref('startMinimized', 'Start minimized'),
    pref('launchAtLogin', 'Launch at login'),
    { type: 'separator' },
    { type: 'normal', label: 'Quit Flowgate', enabled: true, action: { kind: 'quit' } },
  ]
}

export interface Notice {
  title: string
  body: string
  /** The approval a click opens and the actions decide; null for a grouped notice. */
  approvalId: number | null
  actions: ('Approve' | 'Reject')[]
}

/** More new high-priority approvals than this at once become one grouped notice. */
export const GROUP_AT = 3

/**
 * The notices for high-priority approvals not seen before: one each, or one grouped notice
 * when a burst arrives. `seen` is what earlier calls already announced.
 */
export function newApprovalNotices(seen: ReadonlySet<number>, highPriority: PendingApproval[]): Notice[] {
  const fresh = highPriority.filter((approval) => !seen.has(approval.id))
  if (fresh.length === 0) return []
  if (fresh.length >= GROUP_AT) {
    const titles = fresh.slice(0, 3).map((a) => a.title).join(', ')
    return [{ title: `${fresh.length} high-priority approvals wait`, body: `${titles}${fresh.length > 3 ? ', …' : ''}`, approvalId: null, actions: [] }]
  }
  return fresh.map((approval) => ({
    title: `Approval needed: ${approval.title}`,
    body: `${approval.type} · high priority`,
    approvalId: approval.id,
    actions: ['Approve', 'Reject'],
  }))
}
