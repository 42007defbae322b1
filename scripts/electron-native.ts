/**
 * Gives the desktop app a better-sqlite3 built for Electron's ABI, beside Node's own build,
 * so `npm start` and `npm test` both work in any order without rebuilding node_modules.
 * A prebuilt binary is downloaded when one exists for this Electron; otherwise it is
 * compiled against Electron's headers. Both need internet the first time, then it is cached.
 *
 *   tsx scripts/electron-native.ts                      for the installed Electron
 *   tsx scripts/electron-native.ts --runtime node --out-dir DIR   the same steps for this Node (tests)
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ELECTRON_NATIVE_DIR, electronBindingFileName } from '../src/main/core/native-binding'

const root = path.resolve(__dirname, '..')
const { values: args } = parseArgs({
  options: { runtime: { type: 'string', default: 'electron' }, 'out-dir': { type: 'string' } },
})
const runtime: 'electron' | 'node' = args.runtime === 'node' ? 'node' : 'electron'
const outDir = path.resolve(args['out-dir'] ?? path.join(root, ELECTRON_NATIVE_DIR))
const sqliteDir = path.join(root, 'node_modules', 'better-sqlite3')
const sqliteVersion: string = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version

function runtimeTarget(): { version: string; abi: string } {
  if (runtime === 'node') return { version: process.versions.node, abi: process.versions.modules }
  const electronDir = path.join(root, 'node_modules', 'electron')
  return {
    version: JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version,
    abi: fs.readFileSync(path.join(electronDir, 'abi_version'), 'utf8').trim(),
  }
}

function nodeGypScript(): string {
  return process.env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js')
}

function tryRun(label: string, file: string, argv: string[], cwd: string): boolean {
  try {
    execFileSync(process.execPath, [file, ...argv], { cwd, stdio: ['ignore', 'inherit', 'inherit'] })
    return true
  } catch {
    process.stderr.write(`electron-native: ${label} did not succeed\n`)
    return false
  }
}

function main(): void {
  const { version, abi } = runtimeTarget()
  const target = { runtime, sqliteVersion, abi, platform: process.platform, arch: process.arch }
  const destination = path.join(outDir, electronBindingFileName(target))
  if (fs.existsSync(destination)) {
    process.stdout.write(`electron-native: ${path.relative(root, destination)} is ready\n`)
    return
  }

  // Work on a copy so node_modules/better-sqlite3 keeps Node's build for the tests.
  const staging = path.join(outDir, `staging-${process.pid}`)
  fs.rmSync(staging, { recursive: true, force: true })
  fs.cpSync(sqliteDir, staging, { recursive: true, filter: (src) => !src.startsWith(path.join(sqliteDir, 'build')) })
  try {
    const common = [`--runtime=${runtime}`, `--target=${version}`, `--arch=${process.arch}`]
    const headers = runtime === 'electron' ? ['--dist-url=https://electronjs.org/headers'] : []
    const fetched =
      tryRun('downloading a prebuilt binary', require.resolve('prebuild-install/bin.js'), [...common, `--platform=${process.platform}`], staging) ||
      tryRun('compiling from source', nodeGypScript(), ['rebuild', '--release', ...common, ...headers], staging)
    const built = path.join(staging, 'build', 'Release', 'better_sqlite3.node')
    if (!fetched || !fs.existsSync(built)) {
      throw new Error(`could not obtain better-sqlite3 ${sqliteVersion} for ${runtime} ${version} (ABI ${abi}); see above`)
    }
    fs.mkdirSync(outDir, { recursive: true })
    fs.copyFileSync(built, destination)
    process.stdout.write(`electron-native: built ${path.relative(root, destination)}\n`)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

try {
  main()
} catch (error) {
  process.stderr.write(`electron-native: ${(error as Error).message}\n`)
  process.exit(1)
}
