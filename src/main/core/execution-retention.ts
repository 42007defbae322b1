import type Database from 'better-sqlite3'

/**
 * Old finished executions that nothing kept points to: no approval (the record of a decision
 * stays whole), no call to n8n still kept, no kept retry of it (a chain goes from its newest
 * attempt back, one run after another). Walked in the order they were created from where the
 * last batch stopped, so those that stay are read once per clean-up, not once per batch.
 */
export function oldExecutions(sqlite: Database.Database) {
  const candidates = sqlite.prepare(
    `select id, created_at,
       status in ('completed', 'failed', 'cancelled')
         and not exists (select 1 from workflow_approvals a where a.execution_id = e.id)
         and not exists (select 1 from outbox o where o.execution_id = e.id)
         and not exists (select 1 from workflow_executions r where r.retry_of = e.id) as deletable
     from workflow_executions e indexed by workflow_executions_created_idx
     where created_at < @cutoff and (created_at > @afterAt or (created_at = @afterAt and id > @afterId))
     order by created_at, id limit @limit`,
  )
  const remove = sqlite.prepare('delete from workflow_executions where id in (select value from json_each(?))')
  let after = { afterAt: Number.MIN_SAFE_INTEGER, afterId: 0 }
  return {
    /** Looks at up to `limit` more executions older than the cutoff and deletes those that may go. */
    deleteBatch(cutoff: number, limit: number): { examined: number; deleted: number } {
      const rows = candidates.all({ cutoff, limit, ...after }) as { id: number; created_at: number; deletable: number }[]
      const last = rows.at(-1)
      if (last) after = { afterAt: last.created_at, afterId: last.id }
      const ids = rows.filter((row) => row.deletable).map((row) => row.id)
      return { examined: rows.length, deleted: ids.length ? remove.run(JSON.stringify(ids)).changes : 0 }
    },
    /** The next clean-up starts again from the oldest. */
    restart(): void {
      after = { afterAt: Number.MIN_SAFE_INTEGER, afterId: 0 }
    },
  }
}
