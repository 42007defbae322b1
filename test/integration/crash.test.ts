import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { spawnServe } from '../helpers/serve-process'
import { sign } from '../helpers/sign'
import { tempDir } from '../helpers/temp'

const SECRET = 'crash-test-secret-0123456789'
const TOKEN = 'crash-test-admin-token-0123456789'
const TOTAL = 2500
const CONCURRENCY = 50
const KILL_AFTER_ACKS = 1200

describe('crash safety', () => {
  it('keeps every acknowledged webhook exactly once through SIGKILL and resumes processing', async () => {
    const { dir, cleanup } = tempDir()
    const env = {
      FLOWGATE_DATA_DIR: dir,
      FLOWGATE_PUBLIC_PORT: '0',
      FLOWGATE_ADMIN_PORT: '0',
      FLOWGATE_ADMIN_TOKEN: TOKEN,
      N8N_WEBHOOK_SECRET: SECRET,
      FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
    }
    try {
      const first = await spawnServe(env).ready
      const acked = new Map<number, number>()
      let next = 0
      let killed = false

      const client = async () => {
        while (next < TOTAL) {
          const seq = next++
          const body = JSON.stringify({ event: 'crash.test', data: { seq } })
          try {
            const response = await fetch(`${first.line.public}/api/v1/webhooks/n8n/generic`, {
              method: 'POST',
              body,
              headers: { 'content-type': 'application/json', ...sign.hmac(body, SECRET) },
            })
            if (response.status === 202) acked.set(seq, ((await response.json()) as { queued: number }).queued)
          } catch {
            // The server died under this request: it was not acknowledged.
          }
          if (!killed && acked.size >= KILL_AFTER_ACKS) {
            killed = true
            first.child.kill('SIGKILL')
          }
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, client))
      await first.exit
      expect(killed).toBe(true)
      expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)
      expect(acked.size).toBeLessThan(TOTAL)

      const second = await spawnServe(env).ready
      const deadline = Date.now() + 30_000
      let status: { counts: Record<string, number> } = { counts: {} }
      while (Date.now() < deadline) {
        const response = await fetch(`${second.line.admin}/api/v1/webhooks/queue/status`, { headers: { authorization: `Bearer ${TOKEN}` } })
        status = (await response.json()) as typeof status
        if (status.counts.queued === 0 && status.counts.processing === 0) break
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(status.counts).toMatchObject({ queued: 0, processing: 0, failed: 0 })
      second.child.kill('SIGTERM')
      expect(await second.exit).toBe(0)

      const db = new Database(path.join(dir, 'flowgate.db'), { readonly: true })
      const rows = db.prepare('select id, webhook_payload, status from webhook_queue').all() as { id: number; webhook_payload: string; status: string }[]
      db.close()
      const bySeq = new Map<number, { id: number; status: string }[]>()
      for (const row of rows) {
        const seq = (JSON.parse(row.webhook_payload) as { data: { seq: number } }).data.seq
        bySeq.set(seq, [...(bySeq.get(seq) ?? []), { id: row.id, status: row.status }])
      }
      for (const [seq, id] of acked) expect(bySeq.get(seq), `seq ${seq}`).toEqual([{ id, status: 'completed' }])
      for (const [seq, copies] of bySeq) expect(copies.length, `seq ${seq}`).toBe(1)
      expect(rows.every((r) => r.status === 'completed')).toBe(true)
    } finally {
      cleanup()
    }
  }, 120_000)
})
