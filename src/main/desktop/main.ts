import path from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, safeStorage } from 'electron'
import { ipcPushChannel } from '../../shared/channels'
import { createCore, type Core } from '../core'
import { ConfigError, effectiveLogLevel, environmentValues, parseConfig, resolveDataDir } from '../core/config'
import { openLogFile } from '../core/logger'
import { electronBindingPath } from '../core/native-binding'
import { registerContractHandlers } from './ipc'
import { safeStorageCodec } from './safe-storage-codec'
import { hardenApp } from './security'
import { isTrustedRendererUrl } from './sender'
import { createMainWindow, rendererLocation } from './window'
import { version as sqliteVersion } from 'better-sqlite3/package.json'

let mainWindow: BrowserWindow | null = null
let core: Core | null = null

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow()
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

function nativeBinding(): string {
  const target = { runtime: 'electron' as const, sqliteVersion, abi: process.versions.modules, platform: process.platform, arch: process.arch }
  return electronBindingPath(target, { packaged: app.isPackaged, appRoot: app.getAppPath(), resourcesPath: process.resourcesPath })
}

async function startDesktop(): Promise<void> {
  hardenApp()
  const environment = environmentValues()
  const config = parseConfig(environment)
  const dataDir = resolveDataDir(config)
  core = createCore({
    dataDir,
    config: environment,
    log: await openLogFile({ dir: path.join(dataDir, 'logs'), level: effectiveLogLevel(config) }),
    secretCodec: safeStorageCodec(safeStorage),
    nativeBinding: nativeBinding(),
    migrationsDir: app.isPackaged ? path.join(process.resourcesPath, 'migrations') : undefined,
  })
  await core.start()
  const trusted = rendererLocation()
  registerContractHandlers(ipcMain, core.api, (event) => isTrustedRendererUrl(event.senderFrame?.url, trusted), core.log)
  core.push.subscribe((message) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcPushChannel, message)
  })
  showMainWindow()
}

function failStart(error: unknown): void {
  const detail = error instanceof ConfigError ? error.message : (error as Error).message
  dialog.showErrorBox('Flowgate could not start', detail)
  app.exit(1)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', showMainWindow)
  app.on('activate', showMainWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Stop the core (listeners drain, database closes) before the process goes away.
  app.on('before-quit', (event) => {
    if (!core) return
    event.preventDefault()
    const stopping = core
    core = null
    void stopping.stop().finally(() => app.quit())
  })
  app.whenReady().then(startDesktop).catch(failStart)
}
