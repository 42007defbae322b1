import type Database from 'better-sqlite3'
import type { Clock } from '../clock'
import type { ExecutionService } from '../executions/execution-service'
import type { Logger } from '../logger'
import type { ScheduledTask } from '../scheduler'
import type { N8nClient } from './n8n-client'
import { n8nOutcome } from './n8n-outcome'

export const RECONCILE_INTERVAL_MS = 5 * 60_000

/**
 * At start and every few minutes: executions Flowgate believes running that have an n8n id
 * are checked against n8n and corrected, so a lost callback does not leave them hanging.
 */
export class Reconciler implements ScheduledTask {
  readonly name = 'reconcile'
  private nextRunAt: number
  private readonly running

  constructor(
    sqlite: Database.Database,
    private readonly executions: ExecutionService,
    private readonly n8n: () => N8nClient | null,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.nextRunAt = clock.now()
    this.running = sqlite.prepare(
      "select id, n8n_execution_id from workflow_executions where status = 'running' and n8n_execution_id is not null order by id limit 500",
    )
  }

  nextDueAt(): number | null {
    return this.nextRunAt
  }

  async run(now: number): Promise<void> {
    this.nextRunAt = now + RECONCILE_INTERVAL_MS
    const client = this.n8n()
    if (!client) return
    let corrected = 0
    for (const row of this.running.all() as { id: number; n8n_execution_id: string }[]) {
      try {
        const { status, error } = await n8nOutcome(client, row.n8n_execution_id, this.log)
        if (status && this.executions.finish(row.id, status, null, error)) corrected += 1
      } catch (error) {
        this.log.warn({ executionId: row.id, err: error }, 'reconcile could not ask n8n')
        if ((error as { problem?: string }).problem !== 'error') break
      }
    }
    if (corrected) this.log.info({ corrected }, 'executions corrected from n8n')
  }
}
