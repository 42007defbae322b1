import path from 'node:path'
import { openDatabase, type OpenedDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { tempDir } from './temp'

/** A migrated database file in a fresh folder; `close` closes it and removes the folder. */
export function tempDatabase(migrationsDir = findMigrationsDir()): OpenedDatabase & { file: string } {
  const { dir, cleanup } = tempDir()
  const file = path.join(dir, 'flowgate.db')
  const opened = openDatabase({ file, migrationsDir })
  return {
    ...opened,
    file,
    close: () => {
      opened.close()
      cleanup()
    },
  }
}
