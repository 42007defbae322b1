import type Database from 'better-sqlite3'

const DAY = 86_400_000

/**
 * Bulk rows straight through SQL (recursive CTEs), spread over the last 30 days, so the
 * figures are measured over tables the size an operator reaches after months of use.
 */
export function seedHistory(sqlite: Database.Database, now: number, counts: { events: number; executions: number; approvals: number; webhooks?: number }): void {
  const span = 30 * DAY
  sqlite.exec('begin')
  sqlite
    .prepare("insert into n8n_workflows (workflow_name, trigger_events, created_at, updated_at) values ('Bench workflow', '[]', @now, @now)")
    .run({ now })
  sqlite
    .prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)
       insert into workflow_executions (workflow_id, n8n_execution_id, status, error_message, duration_seconds, trigger_event, input_data, started_at, finished_at, created_at, updated_at)
       select 1, cast(i + 1000000 as text), case i % 10 when 0 then 'failed' else 'completed' end,
              case i % 10 when 0 then 'SMTP 550: mailbox ' || i || ' unavailable' end, (i % 300) / 10.0, 'lead.created',
              '{"email":"lead' || i || '@example.com","lead_score":' || (i % 100) || ',"source":"bench"}',
              @now - (i * @step), @now - (i * @step) + 5000, @now - (i * @step), @now
       from n`,
    )
    .run({ count: counts.executions, now, step: Math.floor(span / counts.executions) })
  // The workflow's run counters follow its executions, as the execution service keeps them.
  sqlite.exec(`update n8n_workflows set
     execution_count = (select count(*) from workflow_executions where workflow_id = 1),
     success_count = (select count(*) from workflow_executions where workflow_id = 1 and status = 'completed'),
     failure_count = (select count(*) from workflow_executions where workflow_id = 1 and status = 'failed'),
     total_duration_seconds = (select coalesce(sum(duration_seconds), 0) from workflow_executions where workflow_id = 1 and status in ('completed', 'failed')),
     last_run_at = (select max(created_at) from workflow_executions where workflow_id = 1)
   where id = 1`)
  sqlite
    .prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)
       insert into workflow_approvals (workflow_id, resume_url, approval_type, approval_title, approval_data, status, priority, decided_at, decided_by, decision_source, expires_at, created_at, updated_at)
       select 1, 'http://127.0.0.1:9/webhook-waiting/' || i, case i % 3 when 0 then 'email_send' when 1 then 'video_create' else 'demo_deploy' end, 'Approval ' || i, '{"lead_score":80}',
              case when i % 10 < 3 then 'pending' when i % 10 < 8 then 'approved' else 'rejected' end,
              case i % 5 when 0 then 'high' when 1 then 'low' else 'medium' end,
              case when i % 10 < 3 then null else @now - (i * @step) + 60000 end,
              case when i % 10 < 3 then null else 'bench' end,
              case when i % 10 < 3 then null else 'window' end,
              @now + 30 * 86400000, @now - (i * @step), @now
       from n`,
    )
    .run({ count: counts.approvals, now, step: Math.floor(span / counts.approvals) })
  sqlite
    .prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)
       insert into workflow_monitoring (workflow_id, execution_id, event_type, severity, event_data, timestamp)
       select 1, i % @executions + 1, case i % 4 when 0 then 'execution_created' when 1 then 'execution_started' when 2 then 'execution_completed' else 'error' end,
              case i % 50 when 0 then 'error' when 1 then 'warning' else 'info' end, '{"bench":true,"lead":"L-' || i || '"}', @now - (i * @step)
       from n`,
    )
    .run({ count: counts.events, executions: counts.executions, now, step: Math.floor(span / counts.events) })
  if (counts.webhooks) seedWebhooks(sqlite, now, counts.webhooks)
  sqlite.exec('commit')
}

/** Processed webhooks kept for the retention period: a lead event each, ~250 bytes, as n8n sends them. */
function seedWebhooks(sqlite: Database.Database, now: number, count: number): void {
  sqlite
    .prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)
       insert into webhook_queue (workflow_id, kind, webhook_payload, headers, source, status, received_at, processed_at, created_at, updated_at)
       select 1, 'trigger',
              '{"event":"lead.created","lead":{"id":"L-' || i || '","email":"lead' || i || '@example.com","name":"Lead ' || i || '","score":' || (i % 100) || ',"source":"landing-page"},"campaign":"spring"}',
              '{"content-type":"application/json","user-agent":"n8n"}', '203.0.113.' || (i % 250), 'completed',
              @now - (i * @step), @now - (i * @step) + 50, @now - (i * @step), @now
       from n`,
    )
    .run({ count, now, step: Math.floor((30 * DAY) / count) })
}

/** Queued webhooks waiting for the worker, as if received while it was stopped. */
export function seedQueue(sqlite: Database.Database, now: number, count: number): void {
  sqlite
    .prepare(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < @count)
       insert into webhook_queue (kind, webhook_payload, status, received_at, created_at, updated_at)
       select 'generic_event', '{"event":"bench","data":{"i":' || i || '}}', 'queued', @now, @now, @now from n`,
    )
    .run({ count, now })
}
