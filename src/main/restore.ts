import { ConfigError, environmentValues, parseConfig, resolveDataDir } from './core/config'
import { findMigrationsDir } from './core/paths'
import { restoreBackup } from './core/restore'

const usage = 'usage: npm run restore -- <backup file>   (Flowgate must be stopped; FLOWGATE_DATA_DIR picks the data folder)'

/** Puts a backup in place of the data folder's database; run while Flowgate is stopped. */
function main(): void {
  const [backupFile, ...extra] = process.argv.slice(2)
  if (!backupFile || extra.length > 0 || backupFile.startsWith('-')) {
    process.stderr.write(`${usage}\n`)
    process.exit(2)
  }
  const dataDir = resolveDataDir(parseConfig(environmentValues()))
  const { restored, setAside } = restoreBackup({ dataDir, backupFile, migrationsDir: findMigrationsDir() })
  process.stderr.write(`flowgate: restored ${backupFile} as ${restored}\n`)
  if (setAside) process.stderr.write(`flowgate: the database it replaced is kept as ${setAside}\n`)
  process.stderr.write('flowgate: start Flowgate again to use it\n')
}

try {
  main()
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `restore refused: ${(error as Error).message}`
  process.stderr.write(`flowgate: ${message}\nflowgate: nothing was changed\n`)
  process.exit(1)
}
