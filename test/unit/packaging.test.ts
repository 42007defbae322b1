import fs from 'node:fs'
import path from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { electronBindingPath, ELECTRON_NATIVE_DIR } from '../../src/main/core/native-binding'
import { shippedResources } from '../../src/main/desktop/resource-paths'
import packageJson from '../../package.json'

const root = path.resolve(__dirname, '..', '..')
const pngSize = (file: string) => {
  const header = fs.readFileSync(file).subarray(0, 24)
  expect(header.subarray(1, 4).toString()).toBe('PNG')
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) }
}

describe('packaging (electron-builder.yml), checked without the Electron binary', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    expect(config).toMatchObject({ appId: 'app.flowgate.console', productName: 'Flowgate', npmRebuild: false })
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toBe('dmg')
    expect(config.win?.target).toBe('nsis')
  })

  it('ships what the app looks for at run time, where it looks for it once packaged', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null)
    const extra = (config.extraResources ?? []) as { from: string; to: string }[]
    const shippedTo = (from: string) => extra.find((entry) => entry.from === from)?.to
    const packaged = { packaged: true, appRoot: '/app/resources/app.asar', resourcesPath: '/app/resources' }

    expect(shippedResources.migrationsDir(packaged)).toBe(path.join('/app/resources', shippedTo('migrations')!))
    expect(fs.readdirSync(path.join(root, 'migrations')).filter((f) => f.endsWith('.sql')).length).toBeGreaterThan(5)

    for (const state of ['idle', 'pending', 'urgent'] as const) {
      expect(shippedResources.trayIcon(packaged, state)).toBe(path.join('/app/resources', shippedTo('resources/icons')!, `tray-${state}.png`))
      const development = shippedResources.trayIcon({ ...packaged, packaged: false, appRoot: root }, state)
      expect(pngSize(development)).toEqual({ width: 32, height: 32 })
      expect(pngSize(development.replace('.png', '@2x.png'))).toEqual({ width: 64, height: 64 })
    }

    const target = { runtime: 'electron' as const, sqliteVersion: '12.11.1', abi: '140', platform: 'linux', arch: 'x64' }
    expect(shippedTo(ELECTRON_NATIVE_DIR.split(path.sep).join('/'))).toBe('native')
    expect(path.dirname(electronBindingPath(target, packaged))).toBe(path.join('/app/resources', 'native'))
  })

  it('has an app icon large enough for every platform and an entry point the build produces', () => {
    expect(pngSize(path.join(root, 'build', 'icon.png'))).toEqual({ width: 512, height: 512 })
    expect(packageJson.main).toBe('out/main/index.js')
    const viteConfig = fs.readFileSync(path.join(root, 'electron.vite.config.ts'), 'utf8')
    expect(viteConfig).toMatch(/index: resolve\(.*src\/main\/desktop\/main\.ts/)
  })
})
