import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/open'
import { findMigrationsDir } from '../../src/main/core/paths'
import { CLAIM_DUE_ITEMS_SQL } from '../../src/main/core/queue/claim-sql'
import { seedQueue } from '../bench/seed'
import { tempDir } from '../helpers/temp'

describe('claiming from a large backlog', () => {
  it('walks the queued items in id order and stops after one batch, without sorting the backlog', () => {
    const { dir, cleanup } = tempDir()
    const opened = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    try {
      const now = Date.now()
      seedQueue(opened.sqlite, now, 20_000)
      opened.sqlite.exec('analyze')
      const plan = (opened.sqlite.prepare(`explain query plan ${CLAIM_DUE_ITEMS_SQL}`).all(now, now, 100) as { detail: string }[]).map((row) => row.detail)
      expect(plan.join('\n')).toContain('webhook_queue_claim_idx')
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/)

      const claimed = opened.sqlite.prepare(CLAIM_DUE_ITEMS_SQL).all(now, now, 100) as { id: number }[]
      const oldest = opened.sqlite.prepare("select id from webhook_queue where status = 'processing' order by id").pluck().all() as number[]
      expect(claimed).toHaveLength(100)
      expect(oldest).toEqual(
        (opened.sqlite.prepare("select id from webhook_queue order by id limit 100").pluck().all() as number[]),
      )
    } finally {
      opened.close()
      cleanup()
    }
  })
})
