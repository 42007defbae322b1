import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp'

const root = path.resolve(__dirname, '..', '..')
const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const sqliteVersion: string = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version
const hash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const runScript = (outDir: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/electron-native.ts', '--runtime', 'node', '--out-dir', outDir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })

// The desktop's separate-binding mechanism, run for this Node instead of Electron: Electron's
// headers need internet, the steps (stage a copy, fetch or compile, place, load) are the same.
describe('separate native binding build', () => {
  it('builds a second binding beside the Node one, loadable through nativeBinding, then reuses it', () => {
    const { dir, cleanup } = tempDir()
    try {
      const before = hash(nodeBuild)
      expect(runScript(dir)).toMatch(/electron-native: built /)
      const [file] = fs.readdirSync(dir)
      expect(file).toBe(`better-sqlite3-${sqliteVersion}-node-abi${process.versions.modules}-${process.platform}-${process.arch}.node`)
      const db = new Database(':memory:', { nativeBinding: path.join(dir, file!) })
      expect(db.prepare('select 41 + 1 as answer').get()).toEqual({ answer: 42 })
      db.close()
      expect(hash(nodeBuild)).toBe(before)
      expect(runScript(dir)).toMatch(/is ready/)
    } finally {
      cleanup()
    }
  }, 600_000)
})
