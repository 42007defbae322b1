import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron'
import { trayIcon, trayMenu, trayTooltip, type TrayAction, type TrayIcon, type TrayMenuItem, type TrayState } from './tray-model'

/** Renders the tray model; what it shows is decided in tray-model.ts. */
export class TrayView {
  private readonly tray: Tray
  private readonly icons: Record<TrayIcon, NativeImage>

  constructor(
    iconFiles: Record<TrayIcon, string>,
    private readonly onAction: (action: TrayAction) => void,
  ) {
    this.icons = {
      idle: nativeImage.createFromPath(iconFiles.idle),
      pending: nativeImage.createFromPath(iconFiles.pending),
      urgent: nativeImage.createFromPath(iconFiles.urgent),
    }
    this.tray = new Tray(this.icons.idle)
    this.tray.on('click', () => this.onAction({ kind: 'open' }))
  }

  render(state: TrayState): void {
    this.tray.setImage(this.icons[trayIcon(state)])
    this.tray.setToolTip(trayTooltip(state))
    // macOS shows the count beside the icon; elsewhere the icon state and tooltip carry it.
    if (process.platform === 'darwin') this.tray.setTitle(state.pendingCount ? String(state.pendingCount) : '')
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenu(state).map((item) => this.toElectron(item))))
  }

  destroy(): void {
    this.tray.destroy()
  }

  private toElectron(item: TrayMenuItem): MenuItemConstructorOptions {
    if (item.type === 'separator') return { type: 'separator' }
    const click = item.action ? () => this.onAction(item.action as TrayAction) : undefined
    if (item.type === 'checkbox') return { type: 'checkbox', label: item.label, checked: item.checked, enabled: item.enabled, click }
    return { label: item.label, enabled: item.enabled, click, submenu: item.submenu?.map((sub) => this.toElectron(sub)) }
  }
}
