import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow } from 'electron'
import type { TrustedRenderer } from './sender'

export function rendererLocation(): TrustedRenderer & { indexFile: string } {
  const indexFile = path.join(__dirname, '..', 'renderer', 'index.html')
  return { indexFile, indexFileUrl: pathToFileURL(indexFile).href, devServerUrl: process.env.ELECTRON_RENDERER_URL }
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
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
  window.once('ready-to-show', () => window.show())
  const location = rendererLocation()
  if (location.devServerUrl) void window.loadURL(location.devServerUrl)
  else void window.loadFile(location.indexFile)
  return window
}
