import { runThreadOnce } from './thread-source'

/** Bytes per table (indexes included), free bytes and row counts, as one read of one snapshot. */
export interface MeasuredStorage {
  freeBytes: number
  tables: { table_name: string; bytes: number }[]
  rows: Record<string, number>
}

/**
 * The body of a measuring thread: `dbstat` reads every page (a quarter of a second for a few
 * hundred MB), so it runs beside the main thread and the writer on a read-only connection.
 */
function storageThreadMain(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { workerData, parentPort } = require('node:worker_threads')
  const Database = require(workerData.modulePath)
  /* eslint-enable @typescript-eslint/no-require-imports */
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) })
  try {
    db.pragma('busy_timeout = 5000')
    const measure = db.transaction(() => {
      const pageSize = db.pragma('page_size', { simple: true })
      // dbstat names each b-tree; sqlite_schema says which table an index belongs to.
      const tables = db
        .prepare('select s.tbl_name as table_name, sum(d.pgsize) as bytes from dbstat d join sqlite_schema s on s.name = d.name group by s.tbl_name')
        .all()
      const rows: Record<string, number> = {}
      for (const table of workerData.counted) rows[table] = db.prepare(`select count(*) from "${table}"`).pluck().get()
      return { freeBytes: db.pragma('freelist_count', { simple: true }) * pageSize, tables, rows }
    })
    parentPort.postMessage(measure())
  } finally {
    db.close()
  }
}

/** What the live database holds, measured on a thread of its own. */
export function measureStorage(options: { file: string; nativeBinding?: string; counted: string[] }): Promise<MeasuredStorage> {
  return runThreadOnce<MeasuredStorage>(storageThreadMain, options)
}
