import path from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, shell } from 'electron'
import { ipcNavigateChannel, ipcPushChannel } from '../../shared/channels'
import { createCore, type Core } from '../core'
import { ConfigError, effectiveLogLevel, environmentValues, parseConfig, resolveDataDir } from '../core/config'
import { openLogFile } from '../core/logger'
import { findMigrationsDir } from '../core/paths'
import { electronBindingPath } from '../core/native-binding'
import { checkBackup, restoreBackup } from '../core/restore'
import { appMenuTemplate } from './app-menu'
import { readTrayState } from './approvals-feed'
import { desktopFiles } from './desktop-files'
import { registerContractHandlers } from './ipc'
import { shippedResources, type AppLocation } from './resource-paths'
import { DesktopNotifier } from './notifications'
import { restoreConfirmation, restoreFromBackup } from './restore-flow'
import { activeMute } from './quiet-notices'
import { safeStorageCodec } from './safe-storage-codec'
import { hardenApp } from './security'
import { isTrustedRendererUrl } from './sender'
import { TrayView } from './tray'
import { performTrayAction, type TrayActionDeps } from './tray-actions'
import { emptyTrayState, type DesktopPreferences, type TrayAction, type TrayState } from './tray-model'
import { createMainWindow, rendererLocation } from './window'
import { version as sqliteVersion } from 'better-sqlite3/package.json'

let mainWindow: BrowserWindow | null = null
let core: Core | null = null
let quitting = false

function nativeBinding(): string {
  const target = { runtime: 'electron' as const, sqliteVersion, abi: process.versions.modules, platform: process.platform, arch: process.arch }
  return electronBindingPath(target, appLocation())
}

const appLocation = (): AppLocation => ({ packaged: app.isPackaged, appRoot: app.getAppPath(), resourcesPath: process.resourcesPath })

async function startDesktop(): Promise<void> {
  hardenApp()
  const environment = environmentValues()
  const config = parseConfig(environment)
  const dataDir = resolveDataDir(config)
  const files = desktopFiles(dataDir)
  let preferences = files.readPreferences()
  let noticesMutedUntil = files.readNoticesMutedUntil()
  const currentMute = () => activeMute(noticesMutedUntil, Date.now())
  const migrationsDir = shippedResources.migrationsDir(appLocation()) ?? findMigrationsDir()
  const started = createCore({
    dataDir,
    config: environment,
    log: await openLogFile({ dir: path.join(dataDir, 'logs'), level: effectiveLogLevel(config) }),
    secretCodec: safeStorageCodec(safeStorage),
    nativeBinding: nativeBinding(),
    migrationsDir,
  })
  core = started
  await started.start()
  const log = started.log.child({ module: 'desktop' })
  const trusted = rendererLocation()
  registerContractHandlers(ipcMain, started.api, (event) => isTrustedRendererUrl(event.senderFrame?.url, trusted), started.log)

  const openWindow = (show: boolean) =>
    createMainWindow({ savedState: files.readWindowState(), saveState: files.writeWindowState, hideOnClose: () => preferences.closeToTray && !quitting, show })
  const showWindow = (): BrowserWindow => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = openWindow(true)
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
    return mainWindow
  }
  const navigate = (hash: string) => {
    const window = showWindow()
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', () => window.webContents.send(ipcNavigateChannel, hash))
    else window.webContents.send(ipcNavigateChannel, hash)
  }
  const setPreference = (key: keyof DesktopPreferences, value: boolean) => {
    preferences = { ...preferences, [key]: value }
    files.writePreferences(preferences)
    if (key === 'launchAtLogin') app.setLoginItemSettings({ openAtLogin: value })
    void refreshTray()
  }

  const muteNotices = (until: number | null) => {
    noticesMutedUntil = until
    files.writeNoticesMutedUntil(until)
    void refreshTray()
  }

  let trayState: TrayState = emptyTrayState(preferences, currentMute())
  const deps: TrayActionDeps = {
    api: started.api,
    state: () => trayState,
    showWindow: () => void showWindow(),
    openApproval: (id) => navigate(`#/approvals/${id}`),
    openQueue: (id) => navigate(id === undefined ? '#/queue' : `#/queue/${id}`),
    openSettings: () => navigate('#/settings'),
    openExecution: (id) => navigate(`#/executions/${id}`),
    openWorkflow: (id) => navigate(`#/workflows/${id}`),
    openList: navigate,
    setPreference,
    muteNotices,
    now: () => Date.now(),
    quit: () => app.quit(),
    report: (message) => new Notification({ title: 'Flowgate could not do that', body: message }).show(),
  }
  const act = (source: 'tray' | 'notification') => (action: TrayAction) => void performTrayAction(action, deps, source).catch((error: unknown) => log.error({ err: error }, 'tray action failed'))
  const icon = (state: 'idle' | 'pending' | 'urgent') => shippedResources.trayIcon(appLocation(), state)
  const tray = new TrayView({ idle: icon('idle'), pending: icon('pending'), urgent: icon('urgent') }, act('tray'))
  const notifier = new DesktopNotifier(act('notification'), () => currentMute() !== null)
  const refreshTray = async () => {
    try {
      trayState = await readTrayState(started.api, preferences, currentMute())
      tray.render(trayState)
      notifier.update(trayState.highPriority)
      notifier.updateFailures(trayState.failedWebhooks, trayState.newestFailedWebhook)
      notifier.updateBackupFailure(trayState.backupFailure)
      notifier.updateIntake(trayState.intakeDown)
      notifier.updateTunnel(trayState.tunnelDown)
      notifier.updateOldSecret(trayState.oldSecretInUse)
      notifier.updateAiBudget(trayState.aiBudgetSpent)
      notifier.updateRefusedWebhooks(trayState.refusedWebhooks, Date.now())
      notifier.updateQuietWorkflows(trayState.quietWorkflows, Date.now())
      notifier.updateSlowWorkflows(trayState.slowWorkflows, Date.now())
      notifier.updateHeldWorkflows(trayState.heldWorkflows)
      notifier.updateNotTaken(trayState.notTaken)
      notifier.updateExpiring(trayState.expiringSoon, Date.now())
      notifier.updateExecutionFailures(trayState.failedExecutions, preferences.notifyFailedExecutions)
      notifier.updateN8nRunFailures(trayState.n8nRunFailures, preferences.notifyFailedExecutions)
    } catch (error) {
      log.error({ err: error }, 'tray could not read approvals and the queue')
    }
  }
  let refreshTimer: NodeJS.Timeout | null = null
  started.push.subscribe((message) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcPushChannel, message)
    // A bulk decision sends a push per approval; the tray reads once per burst.
    if (['approvals.changed', 'settings.changed', 'queue.changed', 'backups.changed', 'executions.changed', 'health.changed'].includes(message.name) && !refreshTimer) {
      refreshTimer = setTimeout(() => {
        refreshTimer = null
        void refreshTray()
      }, 300)
    }
  })
  await refreshTray()
  // Time alone brings approvals near their expiry, and no push says so.
  setInterval(() => void refreshTray(), 60_000).unref()

  const restoreBackupFile = () =>
    restoreFromBackup({
      pickBackup: async () => {
        const picked = await dialog.showOpenDialog(showWindow(), {
          title: 'Restore a backup',
          defaultPath: (await started.api['system.backups'](undefined)).folder,
          filters: [{ name: 'Flowgate backups', extensions: ['db', 'sqlite'] }],
          properties: ['openFile'],
        })
        return picked.canceled ? null : (picked.filePaths[0] ?? null)
      },
      checkBackup: (file) => checkBackup(file, migrationsDir, nativeBinding()),
      confirm: async (file) => {
        const { message, detail, buttons } = restoreConfirmation(file)
        return (await dialog.showMessageBox(showWindow(), { type: 'warning', message, detail, buttons, defaultId: 1, cancelId: 1 })).response === 0
      },
      stopCore: async () => {
        quitting = true
        core = null
        await started.stop()
      },
      restore: (file) => restoreBackup({ dataDir, backupFile: file, migrationsDir, nativeBinding: nativeBinding() }),
      relaunch: () => {
        app.relaunch()
        app.exit(0)
      },
      showError: (title, message) => dialog.showErrorBox(title, message),
    }).catch((error: unknown) => log.error({ err: error }, 'restoring a backup failed'))
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, { navigate, restoreBackup: () => void restoreBackupFile(), showDataFolder: () => void shell.openPath(dataDir), quit: () => app.quit() })))
  app.setLoginItemSettings({ openAtLogin: preferences.launchAtLogin })
  app.on('second-instance', () => void showWindow())
  app.on('activate', () => void showWindow())
  if (preferences.startMinimized) {
    mainWindow = openWindow(false)
  } else showWindow()
  app.on('will-quit', () => tray.destroy())
}

function failStart(error: unknown): void {
  const detail = error instanceof ConfigError ? error.message : (error as Error).message
  dialog.showErrorBox('Flowgate could not start', detail)
  app.exit(1)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Stop the core (listeners drain, database closes) before the process goes away.
  app.on('before-quit', (event) => {
    quitting = true
    if (!core) return
    event.preventDefault()
    const stopping = core
    core = null
    void stopping.stop().finally(() => app.quit())
  })
  app.whenReady().then(startDesktop).catch(failStart)
}
