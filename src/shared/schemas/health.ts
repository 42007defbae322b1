import { z } from 'zod'

/** `off`: not set up, so nothing to check (the n8n API before its URL and key are given). */
export const checkStatuses = ['ok', 'off', 'degraded', 'down'] as const

export const healthCheckSchema = z.object({
  status: z.enum(checkStatuses),
  detail: z.string(),
})
export type HealthCheck = z.infer<typeof healthCheckSchema>

export const healthReportSchema = z.object({
  status: z.enum(checkStatuses),
  version: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  dataDir: z.string(),
  databaseSizeBytes: z.number(),
  /** The log file being written now; older ones rotate beside it. */
  logFile: z.string().nullable(),
  checks: z.object({
    database: healthCheckSchema,
    publicListener: healthCheckSchema,
    adminListener: healthCheckSchema,
    scheduler: healthCheckSchema,
    queue: healthCheckSchema,
    disk: healthCheckSchema,
    n8n: healthCheckSchema,
    /** Whether Flowgate answers through its public (tunnel) URL, as n8n would reach it. */
    tunnel: healthCheckSchema,
    backup: healthCheckSchema,
    /** Whether alerts reach the phone or chat they go to (off: no address set). */
    alerts: healthCheckSchema,
  }),
})
export type HealthReport = z.infer<typeof healthReportSchema>

/** Each check as the console and the alerts name it. */
export const healthCheckLabels: Record<keyof HealthReport['checks'], string> = {
  database: 'Database',
  publicListener: 'Public listener (webhooks)',
  adminListener: 'Admin listener (console)',
  scheduler: 'Scheduler',
  queue: 'Webhook queue',
  disk: 'Disk',
  n8n: 'n8n API',
  tunnel: 'Tunnel (n8n reaching Flowgate)',
  backup: 'Backups',
  alerts: 'Alerts (phone or chat)',
}
