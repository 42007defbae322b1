import path from 'node:path'

/**
 * better-sqlite3 compiled for Electron's ABI lives beside, not instead of, the Node build:
 * tests keep using node_modules/better-sqlite3/build (Node's ABI) while the desktop app
 * passes this file as `nativeBinding`. The name carries everything that must match.
 */
export interface BindingTarget {
  runtime: 'electron' | 'node'
  sqliteVersion: string
  abi: string
  platform: string
  arch: string
}

export const ELECTRON_NATIVE_DIR = path.join('node_modules', '.flowgate-electron')

export function electronBindingFileName(target: BindingTarget): string {
  return `better-sqlite3-${target.sqliteVersion}-${target.runtime}-abi${target.abi}-${target.platform}-${target.arch}.node`
}

/** Where the desktop finds its binding: inside the app resources when packaged, else the project. */
export function electronBindingPath(target: BindingTarget, location: { packaged: boolean; appRoot: string; resourcesPath: string }): string {
  const file = electronBindingFileName(target)
  return location.packaged
    ? path.join(location.resourcesPath, 'native', file)
    : path.join(location.appRoot, ELECTRON_NATIVE_DIR, file)
}
