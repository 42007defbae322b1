import type { MenuItemConstructorOptions } from 'electron'
import { findAnythingHash } from '../../shared/channels'

export interface AppMenuActions {
  navigate(hash: string): void
  /** Pick a backup, confirm, and restart on it. */
  restoreBackup(): void
  /** The data folder (database, backups, logs) in the file manager. */
  showDataFolder(): void
  quit(): void
}

const screens: [string, string, string][] = [
  ['Dashboard', '#/dashboard', '1'],
  ['Approvals', '#/approvals', '2'],
  ['Executions', '#/executions', '3'],
  ['Workflows', '#/workflows', '4'],
  ['Webhook queue', '#/queue', '5'],
  ['Monitoring', '#/monitoring', '6'],
  ['Settings', '#/settings', ','],
]

/** The application menu: standard edit/view/window roles, a Go menu over the screens, and restoring a backup. */
export function appMenuTemplate(platform: NodeJS.Platform, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const go: MenuItemConstructorOptions = {
    label: 'Go',
    submenu: [
      ...screens.map(([label, hash, key]): MenuItemConstructorOptions => ({ label, accelerator: `CmdOrCtrl+${key}`, click: () => actions.navigate(hash) })),
      { type: 'separator' },
      { label: 'Find Anything…', accelerator: 'CmdOrCtrl+K', click: () => actions.navigate(findAnythingHash) },
    ],
  }
  const quit: MenuItemConstructorOptions = { label: 'Quit Flowgate', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() }
  const restore: MenuItemConstructorOptions = { label: 'Restore a Backup…', click: () => actions.restoreBackup() }
  const dataFolder: MenuItemConstructorOptions = { label: 'Show Data Folder', click: () => actions.showDataFolder() }
  return [
    ...(platform === 'darwin' ? [{ label: 'Flowgate', submenu: [{ role: 'about' as const }, { type: 'separator' as const }, { role: 'hide' as const }, { role: 'unhide' as const }, { type: 'separator' as const }, dataFolder, restore, { type: 'separator' as const }, quit] }] : []),
    ...(platform === 'darwin' ? [] : [{ label: 'File', submenu: [dataFolder, restore, { type: 'separator' as const }, quit] }]),
    { role: 'editMenu' },
    go,
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
  ]
}
