import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import type { DatabaseWriter } from '../../src/main/core/db/writer'
import { GroupCommitter, type IncomingWebhook } from '../../src/main/core/intake/group-commit'

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** A writer whose commits finish when the test says so; ids count up per row. */
function heldWriter() {
  const calls: { rows: unknown[][]; finish: () => void }[] = []
  let nextId = 0
  const writer = {
    call: (_op: string, rows: unknown[][]) =>
      new Promise((resolve) => {
        calls.push({ rows, finish: () => resolve(rows.map(() => ({ ok: true, id: ++nextId, duplicate: false }))) })
      }),
  } as unknown as DatabaseWriter
  return { writer, calls }
}

const webhook = (n: number): IncomingWebhook => ({ workflowId: null, kind: 'generic_event', payload: `{"n":${n}}`, headers: {}, source: 'test', dedupeKey: null })

describe('group commit', () => {
  it('keeps two groups at the writer, gathers the rest, and answers each request with its own row', async () => {
    const { writer, calls } = heldWriter()
    let commits = 0
    const committer = new GroupCommitter(writer, new ManualClock(), { maxBatch: 100, maxInFlight: 2 }, () => (commits += 1))
    const first = committer.enqueue(webhook(1))
    await nextTurn()
    const second = [committer.enqueue(webhook(2)), committer.enqueue(webhook(3))]
    await nextTurn()
    const third = [committer.enqueue(webhook(4)), committer.enqueue(webhook(5)), committer.enqueue(webhook(6))]
    await nextTurn()
    expect(calls.map((c) => c.rows.length)).toEqual([1, 2])
    expect(committer.busy).toBe(true)

    calls[0]!.finish()
    expect(await first).toEqual({ id: 1, duplicate: false })
    await nextTurn()
    expect(calls.map((c) => c.rows.length)).toEqual([1, 2, 3])
    calls[1]!.finish()
    calls[2]!.finish()
    expect(await Promise.all([...second, ...third])).toEqual([2, 3, 4, 5, 6].map((id) => ({ id, duplicate: false })))
    await committer.drain()
    expect(committer.busy).toBe(false)
    expect(commits).toBe(3)
  })

  it('fails only the requests of a group the writer could not commit', async () => {
    let call = 0
    const writer = {
      call: async (_op: string, rows: unknown[][]) => {
        call += 1
        if (call === 1) throw new Error('disk full')
        return rows.map((_, i) => ({ ok: true, id: 10 + i, duplicate: false }))
      },
    } as unknown as DatabaseWriter
    const committer = new GroupCommitter(writer, new ManualClock(), { maxBatch: 100, maxInFlight: 1 }, () => undefined)
    const failed = committer.enqueue(webhook(1))
    await expect(failed).rejects.toThrow('disk full')
    await expect(committer.enqueue(webhook(2))).resolves.toEqual({ id: 10, duplicate: false })
  })

  it('says since when webhooks could not be stored, and why the latest was not, until a commit stores them all again', async () => {
    const refusals: (string | null)[] = ['database is locked', 'database or disk is full', null]
    const writer = {
      call: async (_op: string, rows: unknown[][]) => {
        const refusal = refusals.shift()
        if (refusal === 'database is locked') throw new Error(refusal)
        return rows.map((_, i) => (refusal && i === 0 ? { ok: false, error: refusal } : { ok: true, id: i + 1, duplicate: false }))
      },
    } as unknown as DatabaseWriter
    const clock = new ManualClock()
    let changes = 0
    const committer = new GroupCommitter(writer, clock, { maxBatch: 100, maxInFlight: 1 }, () => undefined, () => (changes += 1))
    expect(committer.storageTrouble()).toBeNull()
    const startedAt = clock.now()
    await expect(committer.enqueue(webhook(1))).rejects.toThrow('database is locked')
    expect(committer.storageTrouble()).toEqual({ since: startedAt, error: 'database is locked' })
    clock.advance(5_000)
    // A commit in which one row is refused is still trouble, carried on from when it began.
    const [refused, stored] = [committer.enqueue(webhook(2)), committer.enqueue(webhook(3))]
    await expect(refused).rejects.toThrow('database or disk is full')
    await expect(stored).resolves.toEqual({ id: 2, duplicate: false })
    expect(committer.storageTrouble()).toEqual({ since: startedAt, error: 'database or disk is full' })
    await committer.enqueue(webhook(4))
    expect(committer.storageTrouble()).toBeNull()
    // Said when the trouble began and when it ended, not at each refusal between.
    expect(changes).toBe(2)
  })
})
