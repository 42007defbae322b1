/**
 * npm run icons: renders the SVG sources (build/icon.svg, resources/icons/*.svg) to the PNGs
 * electron-builder and the tray load, in Chromium, with transparent backgrounds.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from '@playwright/test'
import config from '../playwright.config'

const root = path.resolve(__dirname, '..')
const targets: { svg: string; png: string; size: number }[] = [
  { svg: 'build/icon.svg', png: 'build/icon.png', size: 512 },
  ...['idle', 'pending', 'urgent'].flatMap((state) => [
    { svg: `resources/icons/tray-${state}.svg`, png: `resources/icons/tray-${state}.png`, size: 32 },
    { svg: `resources/icons/tray-${state}.svg`, png: `resources/icons/tray-${state}@2x.png`, size: 64 },
  ]),
]

async function main(): Promise<void> {
  const browser = await chromium.launch(config.use?.launchOptions)
  const page = await browser.newPage()
  for (const target of targets) {
    const svg = fs.readFileSync(path.join(root, target.svg), 'utf8').replace(/width="\d+" height="\d+"/, `width="${target.size}" height="${target.size}"`)
    await page.setViewportSize({ width: target.size, height: target.size })
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`)
    await page.locator('svg').screenshot({ path: path.join(root, target.png), omitBackground: true })
    process.stdout.write(`${target.png}\n`)
  }
  await browser.close()
}

void main()
