import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { commonWording, errorGroups, errorShape } from '../../src/main/core/error-groups'

describe('grouping the errors executions failed with', () => {
  it('numbers, ids and addresses stand for any in an error’s shape', () => {
    expect(errorShape(' SMTP 550: mailbox lead42@example.com unavailable (try 3) ')).toBe('SMTP #: mailbox <email> unavailable (try #)')
    expect(errorShape('run 0b6f5d6e-1c2a-4b7e-9f10-2a3b4c5d6e7f timed out')).toBe('run <id> timed out')
    expect(errorShape('x'.repeat(400))).toHaveLength(300)
  })

  it('keeps the words every message shares, and searches by their longest stretch', () => {
    expect(commonWording(['SMTP 550: mailbox 12 unavailable', 'SMTP 550: mailbox 345 unavailable'])).toEqual({
      pattern: 'SMTP 550: mailbox … unavailable',
      search: 'SMTP 550: mailbox',
    })
    expect(commonWording(['n8n answered 503: busy'])).toEqual({ pattern: 'n8n answered 503: busy', search: 'n8n answered 503: busy' })
    expect(commonWording(['a 1', 'b 2'])).toEqual({ pattern: '… …', search: '' })
  })

  it('ranks the groups of a range by how many failed, naming their workflows and the newest', () => {
    const sqlite = new Database(':memory:')
    sqlite.exec('create table workflow_executions (id integer primary key, workflow_id integer, status text, error_message text, created_at integer)')
    const add = sqlite.prepare('insert into workflow_executions (workflow_id, status, error_message, created_at) values (?, ?, ?, ?)')
    for (let i = 0; i < 5; i++) add.run(1 + (i % 2), 'failed', `SMTP 550: mailbox ${i} unavailable`, 1000 + i)
    add.run(3, 'failed', 'n8n answered 503: busy', 2000)
    add.run(3, 'failed', 'n8n answered 503: busy', 500)
    add.run(3, 'completed', null, 3000)
    expect(errorGroups(sqlite, 900)).toEqual([
      { pattern: 'SMTP 550: mailbox … unavailable', search: 'SMTP 550: mailbox', count: 5, workflow_ids: [1, 2], last_at: 1004 },
      { pattern: 'n8n answered 503: busy', search: 'n8n answered 503: busy', count: 1, workflow_ids: [3], last_at: 2000 },
    ])
  })
})
