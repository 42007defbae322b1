import fs from 'node:fs'
import path from 'node:path'
import { findMigrationsDir } from '../../src/main/core/paths'

/**
 * A copy of the migrations folder (in `into`) as an earlier version shipped it: without the
 * migration whose tag ends with `tagEnd` and those after it, or without the newest when none is named.
 */
export function olderMigrations(into: string, tagEnd?: string): string {
  const migrations = path.join(into, 'migrations')
  fs.cpSync(findMigrationsDir(), migrations, { recursive: true })
  const journalFile = path.join(migrations, 'meta', '_journal.json')
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
  const cut = tagEnd === undefined ? -1 : journal.entries.findIndex((entry) => entry.tag.endsWith(tagEnd))
  if (cut === -1 && tagEnd !== undefined) throw new Error(`no migration ending with ${tagEnd}`)
  fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }))
  return migrations
}
