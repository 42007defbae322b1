import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, screen } from 'electron'
import type { TrustedRenderer } from './sender'
import { restorableState, type WindowState } from './window-state'

export function rendererLocation(): TrustedRenderer & { indexFile: string } {
  const indexFile = path.join(__dirname, '..', 'renderer', 'index.html')
  return { indexFile, indexFileUrl: pathToFileURL(indexFile).href, devServerUrl: process.env.ELECTRON_RENDERER_URL }
}

const MINIMUM = { width: 1024, height: 640 }
const SAVE_DELAY_MS = 500

export interface WindowOptions {
  savedState: unknown
  saveState(state: WindowState): void
  /** Asked on close: true keeps the app in the tray and only hides the window. */
  hideOnClose(): boolean
  show: boolean
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const restored = restorableState(
    options.savedState,
    screen.getAllDisplays().map((d) => d.workArea),
    MINIMUM,
  )
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    ...restored?.bounds,
    minWidth: MINIMUM.width,
    minHeight: MINIMUM.height,
    show: false,
    title: 'Flowgate',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  if (restored?.maximized) window.maximize()
  window.once('ready-to-show', () => {
    if (options.show) window.show()
  })

  let timer: NodeJS.Timeout | null = null
  const remember = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      if (!window.isDestroyed()) options.saveState({ bounds: window.getNormalBounds(), maximized: window.isMaximized() })
    }, SAVE_DELAY_MS)
  }
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', remember)
  window.on('close', (event) => {
    options.saveState({ bounds: window.getNormalBounds(), maximized: window.isMaximized() })
    if (options.hideOnClose()) {
      event.preventDefault()
      window.hide()
    }
  })

  const location = rendererLocation()
  if (location.devServerUrl) void window.loadURL(location.devServerUrl)
  else void window.loadFile(location.indexFile)
  return window
}
