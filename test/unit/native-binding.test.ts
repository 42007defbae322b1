import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { electronBindingFileName, electronBindingPath } from '../../src/main/core/native-binding'

const target = { runtime: 'electron' as const, sqliteVersion: '12.11.1', abi: '140', platform: 'linux', arch: 'x64' }

describe('Electron-ABI binding location', () => {
  it('names the file after everything that must match at load time', () => {
    expect(electronBindingFileName(target)).toBe('better-sqlite3-12.11.1-electron-abi140-linux-x64.node')
  })

  it('looks in the project in development and in the app resources when packaged', () => {
    const where = { appRoot: '/src/flowgate', resourcesPath: '/opt/Flowgate/resources' }
    expect(electronBindingPath(target, { ...where, packaged: false })).toBe(
      path.join('/src/flowgate', 'node_modules', '.flowgate-electron', 'better-sqlite3-12.11.1-electron-abi140-linux-x64.node'),
    )
    expect(electronBindingPath(target, { ...where, packaged: true })).toBe(
      path.join('/opt/Flowgate/resources', 'native', 'better-sqlite3-12.11.1-electron-abi140-linux-x64.node'),
    )
  })
})
