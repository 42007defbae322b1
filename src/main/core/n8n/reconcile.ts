import type Database from 'better-sqlite3'
import type { Clock } from '../clock'
import type { ExecutionService } from '../executions/execution-service'
import type { Logger } from '../logger'
import type { N8nClient } from './n8n-client'
import { n8nOutcome } from './n8n-outcome'
import { N8nPoll, n8nUnavailable } from './n8n-poll'

export const RECONCILE_INTERVAL_MS = 5 * 60_000

/**
 * At start and every few minutes: executions Flowgate believes running that have an n8n id
 * are checked against n8n and corrected, so a lost callback does not leave them hanging.
 */
export class Reconciler extends N8nPoll {
  readonly name = 'reconcile'
  private readonly running

  constructor(
    sqlite: Database.Database,
    private readonly executions: ExecutionService,
    n8n: () => N8nClient | null,
    clock: Clock,
    private readonly log: Logger,
  ) {
    super(n8n, clock, RECONCILE_INTERVAL_MS)
    this.running = sqlite.prepare(
      "select id, n8n_execution_id from workflow_executions where status = 'running' and n8n_execution_id is not null order by id limit 500",
    )
  }

  protected async poll(client: N8nClient): Promise<void> {
    let corrected = 0
    for (const row of this.running.all() as { id: number; n8n_execution_id: string }[]) {
      try {
        const { status, error } = await n8nOutcome(client, row.n8n_execution_id, this.log)
        if (status && this.executions.finish(row.id, status, null, error)) corrected += 1
      } catch (error) {
        this.log.warn({ executionId: row.id, err: error }, 'reconcile could not ask n8n')
        if (n8nUnavailable(error)) break
      }
    }
    if (corrected) this.log.info({ corrected }, 'executions corrected from n8n')
  }
}
