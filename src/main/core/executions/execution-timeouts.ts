import type Database from 'better-sqlite3'
import type { Config } from '../config'
import type { Logger } from '../logger'
import type { N8nClient } from '../n8n/n8n-client'
import { n8nOutcome } from '../n8n/n8n-outcome'
import type { ScheduledTask } from '../scheduler'
import type { ExecutionService } from './execution-service'

interface Overdue {
  id: number
  n8n_execution_id: string | null
  timeout: number
}

/**
 * Running executions past their deadline: when n8n's API is set and the n8n id known, n8n is
 * asked (finished → that result; still working → a new deadline); otherwise they fail with
 * "timeout".
 */
export class ExecutionTimeouts implements ScheduledTask {
  readonly name = 'execution-timeouts'
  private readonly s

  constructor(
    sqlite: Database.Database,
    private readonly executions: ExecutionService,
    private readonly n8n: () => N8nClient | null,
    private readonly config: () => Config,
    private readonly log: Logger,
  ) {
    this.s = {
      next: sqlite.prepare("select min(deadline_at) from workflow_executions where status = 'running'").pluck(),
      overdue: sqlite.prepare(
        `select e.id, e.n8n_execution_id, coalesce(w.timeout_seconds, ?) as timeout
         from workflow_executions e join n8n_workflows w on w.id = e.workflow_id
         where e.status = 'running' and e.deadline_at <= ? order by e.deadline_at limit 50`,
      ),
      extend: sqlite.prepare("update workflow_executions set deadline_at = ? where id = ? and status = 'running'"),
    }
  }

  nextDueAt(): number | null {
    return (this.s.next.get() as number | null) ?? null
  }

  async run(now: number): Promise<void> {
    const overdue = this.s.overdue.all(this.config().WORKFLOW_EXECUTION_TIMEOUT_SECONDS, now) as Overdue[]
    const client = this.n8n()
    for (const execution of overdue) {
      if (client && execution.n8n_execution_id) {
        try {
          const { status, error } = await n8nOutcome(client, execution.n8n_execution_id, this.log)
          if (status === null) {
            this.s.extend.run(now + execution.timeout * 1000, execution.id)
            continue
          }
          this.executions.finish(execution.id, status, null, error)
          continue
        } catch (error) {
          this.log.warn({ executionId: execution.id, err: error }, 'n8n could not be asked about an overdue execution')
        }
      }
      this.executions.finish(execution.id, 'failed', null, `timeout: no result within ${execution.timeout} s`)
    }
  }
}
