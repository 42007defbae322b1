import fs from 'node:fs'
import type { StoragePart, StorageReport } from '../../shared/schemas/storage'
import { measureStorage } from './db/storage-thread'
import type { Retention } from './retention'

/** The tables each part is, with their indexes; everything else is "other". */
const tableParts: Record<string, Exclude<StoragePart, 'other'>> = {
  workflow_monitoring: 'events',
  webhook_queue: 'webhooks',
  outbox: 'calls',
  workflow_executions: 'executions',
  workflow_approvals: 'approvals',
}

const sizeOf = (file: string): number => fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0

/** The database file and its write-ahead log (recent commits until a checkpoint), in bytes on disk. */
export const databaseOnDisk = (file: string) => ({ file: sizeOf(file), wal: sizeOf(`${file}-wal`) })

/** What takes the database's space, kind by kind, and what retention last removed. */
export async function storageReport(databaseFile: string, nativeBinding: string | undefined, retention: Retention): Promise<StorageReport> {
  const measured = await measureStorage({ file: databaseFile, nativeBinding, counted: Object.keys(tableParts) })
  const parts = new Map<StoragePart, { bytes: number; rows: number | null }>()
  for (const { table_name, bytes } of measured.tables) {
    const part = tableParts[table_name] ?? 'other'
    const counted = parts.get(part) ?? { bytes: 0, rows: part === 'other' ? null : (measured.rows[table_name] ?? 0) }
    parts.set(part, { ...counted, bytes: counted.bytes + bytes })
  }
  const onDisk = databaseOnDisk(databaseFile)
  return {
    file_bytes: onDisk.file,
    wal_bytes: onDisk.wal,
    free_bytes: measured.freeBytes,
    parts: [...parts].map(([part, size]) => ({ part, ...size })).sort((a, b) => b.bytes - a.bytes),
    last_cleanup: retention.lastCleanup(),
    next_cleanup_at: retention.nextDueAt(),
  }
}
