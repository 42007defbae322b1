import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type OpenedDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { tempDir } from '../helpers/temp'

const seedColumns: Record<string, string[]> = {
  n8n_workflows: [
    'id', 'workflow_name', 'workflow_description', 'n8n_workflow_id', 'webhook_url', 'trigger_events',
    'is_active', 'requires_approval', 'auto_approval_enabled', 'execution_count', 'success_count', 'failure_count',
    'created_at', 'updated_at',
  ],
  workflow_executions: [
    'id', 'workflow_id', 'n8n_execution_id', 'status', 'input_data', 'output_data', 'duration_seconds',
    'error_message', 'trigger_event', 'trigger_source', 'created_at', 'updated_at',
  ],
  workflow_approvals: [
    'id', 'execution_id', 'approval_type', 'approval_title', 'approval_description', 'status', 'priority',
    'auto_approval_confidence', 'expires_at', 'created_at', 'updated_at',
  ],
  webhook_queue: ['id', 'workflow_id', 'webhook_payload', 'status', 'retry_count', 'next_retry_at', 'created_at'],
  workflow_monitoring: ['id', 'workflow_id', 'execution_id', 'event_type', 'severity', 'event_data', 'timestamp'],
  settings: ['key', 'value', 'updated_at'],
  outbox: ['id', 'kind', 'target_url', 'body', 'status', 'attempts', 'next_attempt_at', 'last_error'],
}

describe('migrations on a fresh database file', () => {
  let opened: OpenedDatabase
  let cleanup: () => void
  const now = Date.UTC(2026, 0, 1)

  const open = () => {
    const temp = tempDir()
    cleanup = temp.cleanup
    opened = openDatabase({ file: path.join(temp.dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    return opened.sqlite
  }
  const insertWorkflow = (name = 'wf') =>
    opened.sqlite
      .prepare('insert into n8n_workflows (workflow_name, created_at, updated_at) values (?, ?, ?)')
      .run(name, now, now).lastInsertRowid

  afterEach(() => {
    opened?.close()
    cleanup?.()
  })

  it('uses WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = open()
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
  })

  it('creates every table with the columns the seed names', () => {
    const db = open()
    for (const [table, columns] of Object.entries(seedColumns)) {
      const actual = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)
      expect(actual, table).toEqual(expect.arrayContaining(columns))
    }
  })

  it('creates the indexes the lists and the scheduler query by', () => {
    const db = open()
    const indexes = (db.prepare("select name from sqlite_master where type = 'index'").all() as { name: string }[]).map((r) => r.name)
    expect(indexes).toEqual(
      expect.arrayContaining([
        'n8n_workflows_name_unique',
        'workflow_executions_status_idx',
        'workflow_executions_workflow_idx',
        'workflow_approvals_inbox_idx',
        'workflow_approvals_expiry_idx',
        'webhook_queue_due_idx',
        'webhook_queue_dedupe_unique',
        'workflow_monitoring_time_idx',
        'outbox_due_idx',
      ]),
    )
  })

  it('declares the foreign keys and enforces them', () => {
    const db = open()
    const fks = (table: string) => (db.pragma(`foreign_key_list(${table})`) as { table: string; from: string }[]).map((f) => `${f.from}->${f.table}`)
    expect(fks('workflow_executions')).toContain('workflow_id->n8n_workflows')
    expect(fks('workflow_approvals')).toContain('execution_id->workflow_executions')
    expect(fks('webhook_queue')).toContain('workflow_id->n8n_workflows')
    expect(() =>
      db.prepare("insert into workflow_executions (workflow_id, status, created_at, updated_at) values (999, 'pending', 1, 1)").run(),
    ).toThrow(/FOREIGN KEY constraint failed/)
  })

  it('refuses invalid enum values, JSON and ranges through CHECK constraints', () => {
    const db = open()
    const workflowId = insertWorkflow()
    const execution = (status: string) =>
      db.prepare('insert into workflow_executions (workflow_id, status, created_at, updated_at) values (?, ?, ?, ?)').run(workflowId, status, now, now)
    expect(() => execution('exploded')).toThrow(/CHECK constraint failed: workflow_executions_status_check/)
    const executionId = execution('pending').lastInsertRowid

    const approval = (status: string, priority: string, confidence: number | null) =>
      db
        .prepare(
          'insert into workflow_approvals (execution_id, approval_type, approval_title, status, priority, auto_approval_confidence, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(executionId, 'email_send', 'Send 10 emails', status, priority, confidence, now, now)
    expect(() => approval('maybe', 'high', null)).toThrow(/workflow_approvals_status_check/)
    expect(() => approval('pending', 'urgent', null)).toThrow(/workflow_approvals_priority_check/)
    expect(() => approval('pending', 'high', 101)).toThrow(/workflow_approvals_confidence_check/)
    expect(approval('pending', 'high', 95).changes).toBe(1)

    const queue = (payload: string, status: string) =>
      db.prepare('insert into webhook_queue (webhook_payload, status, received_at, created_at, updated_at) values (?, ?, ?, ?, ?)').run(payload, status, now, now, now)
    expect(() => queue('{not json', 'queued')).toThrow(/webhook_queue_payload_json/)
    expect(() => queue('{}', 'lost')).toThrow(/webhook_queue_status_check/)
    expect(queue('{"a":1}', 'queued').changes).toBe(1)

    expect(() =>
      db.prepare("insert into workflow_monitoring (event_type, severity, timestamp) values ('error', 'fatal', ?)").run(now),
    ).toThrow(/workflow_monitoring_severity_check/)
    expect(() => db.prepare("update n8n_workflows set trigger_events = '{}'").run()).toThrow(/n8n_workflows_trigger_events_json/)
    expect(() => db.prepare('update n8n_workflows set max_running = 0').run()).toThrow(/n8n_workflows_max_running_check/)
  })

  it('keeps workflow names unique', () => {
    open()
    insertWorkflow('same')
    expect(() => insertWorkflow('same')).toThrow(/UNIQUE constraint failed/)
  })

  it('applies migrations once: reopening the same file changes nothing', () => {
    const db = open()
    insertWorkflow('kept')
    const file = db.name
    opened.close()
    opened = openDatabase({ file, migrationsDir: findMigrationsDir() })
    expect(opened.sqlite.prepare('select workflow_name from n8n_workflows').all()).toEqual([{ workflow_name: 'kept' }])
    const journal = JSON.parse(fs.readFileSync(path.join(findMigrationsDir(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
    expect(opened.sqlite.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: journal.entries.length })
  })
})
