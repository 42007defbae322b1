import path from 'node:path'
import { test } from '@playwright/test'
import type Database from 'better-sqlite3'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { seedHistory } from '../bench/seed'
import { startBuiltServe, stopBuiltServe } from './built-serve'
import type { ServeProcess } from './serve-process'
import { tempDir } from './temp'

/**
 * For one spec file: the built app over a database seeded with `counts` of history (and what
 * `more` adds), started before its tests and stopped after them. Call at the top of the file.
 */
export function seededServe(counts: Parameters<typeof seedHistory>[2], more?: (sqlite: Database.Database) => void): () => ServeProcess {
  let serve: ServeProcess | undefined
  let cleanup = () => {}
  test.beforeAll(async () => {
    const temp = tempDir()
    cleanup = temp.cleanup
    const database = openDatabase({ file: path.join(temp.dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    seedHistory(database.sqlite, Date.now(), counts)
    more?.(database.sqlite)
    database.close()
    serve = await startBuiltServe(temp.dir, { AUTO_APPROVAL_ENABLED: 'false' })
  })
  test.afterAll(async () => {
    if (serve) await stopBuiltServe(serve)
    cleanup()
  })
  return () => serve!
}
