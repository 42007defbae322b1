import { z } from 'zod'

/** What the database holds, by kind: each of the big tables with its indexes, and the rest. */
export const storageParts = ['events', 'webhooks', 'calls', 'executions', 'approvals', 'other'] as const
export type StoragePart = (typeof storageParts)[number]

/** The kinds retention prunes, each after its own period. */
export const prunedParts = ['events', 'webhooks', 'calls', 'executions'] as const
export type PrunedPart = (typeof prunedParts)[number]

export const storageReportSchema = z.object({
  /** The database file and its write-ahead log, as on disk. */
  file_bytes: z.number(),
  wal_bytes: z.number(),
  /** Pages inside the file freed by deletes: reused by new rows before the file grows again. */
  free_bytes: z.number(),
  /** Biggest first. */
  parts: z.array(z.object({ part: z.enum(storageParts), bytes: z.number(), rows: z.number().nullable() })),
  /** The latest clean-up since start: when, and how many rows of each kind it removed. */
  last_cleanup: z.object({ at: z.number(), removed: z.record(z.enum(prunedParts), z.number()) }).nullable(),
  next_cleanup_at: z.number().nullable(),
})
export type StorageReport = z.infer<typeof storageReportSchema>
