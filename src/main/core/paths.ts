import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The database, in the data folder. */
export const DATABASE_FILE = 'flowgate.db'

/** The per-user data folder shared by the desktop app and `serve`. */
export function defaultDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Flowgate')
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Flowgate')
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'flowgate')
}

/**
 * The committed migrations folder, found by walking up from this file: the same code runs
 * from src/ (tests), out/main (serve, desktop dev). The packaged app passes its own path.
 */
export function findMigrationsDir(start = __dirname): string {
  let dir = start
  for (;;) {
    const candidate = path.join(dir, 'migrations')
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`No migrations folder found above ${start}`)
    dir = parent
  }
}
