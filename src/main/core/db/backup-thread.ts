import { syncFile } from '../durable-file'
import { runThreadOnce } from './thread-source'

/**
 * The body of a backup thread: `VACUUM INTO` reads one consistent snapshot (WAL readers never
 * block writers) and writes a compact copy, so webhooks keep being committed meanwhile and
 * neither the main thread nor the writer waits. SQLite's page-by-page backup API would restart
 * whenever the writer commits, and under steady intake might never finish.
 */
function backupThreadMain(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { workerData } = require('node:worker_threads')
  const Database = require(workerData.modulePath)
  /* eslint-enable @typescript-eslint/no-require-imports */
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) })
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare('VACUUM INTO ?').run(workerData.target)
  } finally {
    db.close()
  }
}

export interface CopyOptions {
  /** The live database. */
  file: string
  /** A file that must not exist yet; it is complete and on disk when the promise resolves. */
  target: string
  nativeBinding?: string
}

/** A consistent copy of the live database, made on a thread of its own. */
export async function copyDatabase(options: CopyOptions): Promise<void> {
  await runThreadOnce(backupThreadMain, options)
  // VACUUM INTO does not sync what it wrote.
  syncFile(options.target)
}
