import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { createCore, type Core } from '../../src/main/core'
import { openDatabase } from '../../src/main/core/db/open'
import { silentLog } from '../../src/main/core/logger'
import { findMigrationsDir } from '../../src/main/core/paths'
import { builtServeCommand, spawnServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'
import { seedHistory, seedQueue } from './seed'

export interface Figure {
  label: string
  value: number
  unit: string
  target: string
  pass: boolean
}

const config = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: 'bench-admin-token-0123456789', AUTO_APPROVAL_ENABLED: 'false' }

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(runs / 2)]!
}

const ms = (label: string, value: number, limit: number): Figure => ({ label, value, unit: 'ms', target: `≤ ${limit} ms`, pass: value <= limit })

/** The first core start in a fresh process (nothing warmed by an earlier one), in ms. */
async function coldStartMs(dataDir: string): Promise<number> {
  const child = await spawnServe({ FLOWGATE_DATA_DIR: dataDir }, ['--import', 'tsx', 'test/bench/cold-start.ts']).ready
  await child.exit
  return (JSON.parse(child.rawLine) as { ms: number }).ms
}

/** What an operator waits for: the built `serve` from process start to its listening line, in ms. */
async function serveStartMs(dataDir: string): Promise<number> {
  const startAt = performance.now()
  const serve = await spawnServe({ FLOWGATE_DATA_DIR: dataDir, ...config }, builtServeCommand()).ready
  const ms = performance.now() - startAt
  serve.child.kill('SIGTERM')
  await serve.exit
  return ms
}

/** Figures over a database of months of history: start, inbox, bulk decisions, dashboard, backup. */
export async function historyFigures(quick: boolean): Promise<{ figures: Figure[]; notes: string[] }> {
  const { dir, cleanup } = tempDir('flowgate-bench-data-')
  const counts = quick
    ? { events: 200_000, executions: 20_000, approvals: 20_000, webhooks: 20_000 }
    : { events: 1_000_000, executions: 100_000, approvals: 100_000, webhooks: 100_000 }
  const seeded = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
  seedHistory(seeded.sqlite, Date.now(), counts)
  seeded.sqlite.exec('analyze')
  seeded.close()

  const coldStart = await coldStartMs(dir)
  const serveStart = await serveStartMs(dir)
  const core: Core = createCore({ dataDir: dir, config, log: silentLog })
  await core.start()
  try {
    const api = core.api
    const inbox = await median(21, () => api['approvals.list']({ status: 'pending', priority: 'high', page: 1, page_size: 50 }))
    const inboxAll = await median(21, () => api['approvals.list']({ status: 'pending', page: 1, page_size: 50 }))
    // The seed puts every approval under workflow 1: the filter keeps them all, the worst case.
    const inboxOfWorkflow = await median(21, () => api['approvals.list']({ status: 'pending', workflow_id: 1, page: 1, page_size: 50 }))
    // The seed's event i names lead L-i: one event names the middle one, found only by reading the whole log.
    // Timed before the bulk approval below, whose calls to n8n would otherwise run beside it.
    const middleEvent = counts.events / 2
    const holds: number[] = []
    const eventSearch = await median(5, async () => {
      const eventLoop = monitorEventLoopDelay({ resolution: 1 })
      eventLoop.enable()
      const found = await api['monitoring.events']({ search: `"L-${middleEvent}"`, limit: 100 })
      eventLoop.disable()
      holds.push(eventLoop.max / 1e6)
      if (found.items.length !== 1) throw new Error(`event search found ${found.items.length}`)
    })
    const longestHold = holds.sort((a, b) => a - b)[Math.floor(holds.length / 2)]!
    // The seed's approvals share one workflow and three kinds: a third of them are alike, the worst case.
    const firstPending = (await api['approvals.list']({ status: 'pending', page: 1, page_size: 1 })).items[0]!
    const precedents = await median(21, () => api['approvals.precedents']({ id: firstPending.id }))
    const approvalsPanel = await median(11, () => api['approvals.stats'](undefined))
    const allApprovals = await median(11, () => api['approvals.list']({ page: 1, page_size: 50 }))
    const pending = await api['approvals.list']({ status: 'pending', priority: 'medium', page: 1, page_size: 500 })
    const more = await api['approvals.list']({ status: 'pending', priority: 'medium', page: 2, page_size: 500 })
    const ids = [...pending.items, ...more.items].map((a) => a.id)
    const bulkStart = performance.now()
    // Through the API the decisions take effect at once; the window's wait out the undo window, then run this same path.
    const bulk = await api['approvals.bulk']({ approval_ids: ids, action: 'approved', approver_name: 'bench', source: 'api' })
    const bulkMs = performance.now() - bulkStart
    if (bulk.decided.length !== ids.length) throw new Error(`bulk approve decided ${bulk.decided.length} of ${ids.length}`)
    const resumes = core.internals.database.sqlite.prepare("select count(*) from outbox where kind = 'resume'").pluck().get() as number
    if (resumes < ids.length) throw new Error(`bulk approve queued ${resumes} resume calls for ${ids.length} decisions`)
    const dashboard24h = await median(11, () => api['monitoring.dashboard']({ range: '24h' }))
    const dashboard7d = await median(11, () => api['monitoring.dashboard']({ range: '7d' }))
    const events = await median(11, () => api['monitoring.events']({ severity: 'error', limit: 100 }))
    // The seed gives execution i the n8n id 1000000 + i, and every tenth an error naming i.
    const middle = counts.executions / 2
    const findsOnly = (search: string, id: number) => async () => {
      const found = await api['executions.list']({ search, page: 1, page_size: 50 })
      if (found.total !== 1 || found.items[0]?.id !== id) throw new Error(`executions search "${search}" found ${found.items.map((e) => e.id).join(', ')}`)
    }
    const byN8nId = await median(21, findsOnly(String(1_000_000 + middle), middle))
    const byError = await median(11, findsOnly(`mailbox ${middle} unavailable`, middle))
    const failedPage = await median(11, () => api['executions.list']({ status: 'failed', page: 1, page_size: 50 }))
    const standingPage = await median(11, () => api['executions.list']({ status: 'failed', not_retried: true, page: 1, page_size: 50 }))
    // The seed's webhook i carries lead i's address: finding one is a scan of every kept body.
    const webhookSearch = await median(11, async () => {
      const found = await api['queue.list']({ search: `lead${middle}@example.com`, page: 1, page_size: 50 })
      if (found.total !== 1) throw new Error(`webhook search found ${found.total}`)
    })
    // Every seeded execution is workflow 1's: its fourteen days are the most any workflow has here.
    const workflowStats = await median(11, async () => {
      const stats = await api['workflows.stats']({ id: 1 })
      if (stats.recent_hours.length === 0) throw new Error('workflow stats counted no recent executions')
    })
    // What Find anything asks the core for a number: executions, approvals and webhooks at once.
    const findNumber = await median(11, () =>
      Promise.all([
        api['executions.list']({ search: String(middle), page: 1, page_size: 5 }),
        api['approvals.list']({ search: String(middle), page: 1, page_size: 5 }),
        api['queue.list']({ search: String(middle), page: 1, page_size: 5 }),
      ]),
    )
    // Needs decisions a person made: the bulk approval above made a thousand.
    const rulesTrial = await median(5, () => api['approvals.tryRules']({ rules: {}, limit: 500 }))
    const storageStart = performance.now()
    const storage = await api['system.storage'](undefined)
    const storageMs = performance.now() - storageStart
    const exportStart = performance.now()
    const exported = await api['executions.export'](undefined)
    const exportMs = performance.now() - exportStart
    if (exported.rows !== counts.executions) throw new Error(`export held ${exported.rows} of ${counts.executions} executions`)
    // A workflow broken for its newer half: a run of failures as long as it gets here, counted for its page.
    const sqlite = core.internals.database.sqlite
    const halfway = sqlite.prepare('select created_at from workflow_executions where workflow_id = 1 order by created_at limit 1 offset ?').pluck().get(counts.executions / 2) as number
    const streak = sqlite.prepare("update workflow_executions set status = 'failed' where workflow_id = 1 and created_at >= ?").run(halfway).changes
    const failingPage = await median(11, async () => {
      const workflow = await api['workflows.get']({ id: 1 })
      if (workflow.failed_in_a_row !== streak) throw new Error(`the page counted ${workflow.failed_in_a_row} of ${streak} failures in a row`)
    })
    // Last: the bulk approval above wrote to the log, so the copy also folds in a busy WAL.
    const backupStart = performance.now()
    const backup = await api['system.backup'](undefined)
    const backupMs = performance.now() - backupStart
    const n = (count: number) => `${count / 1000}k`
    const rows = n(counts.events + counts.executions + counts.approvals + counts.webhooks)
    const figures = [
      ms(`Core cold start on ${rows} rows (open, migrate, listen; first start of a fresh process)`, coldStart, 500),
      ms(`Approvals inbox, first page, pending + high, over ${n(counts.approvals)}`, inbox, 50),
      ms(`Approvals inbox, first page, all pending, over ${n(counts.approvals)}`, inboxAll, 50),
      ms(`Approvals inbox, first page, one workflow's pending, over ${n(counts.approvals)}`, inboxOfWorkflow, 50),
      ms(`Earlier decisions beside an approval (counts, newest five, reasons given most), over ${n(counts.approvals)}`, precedents, 50),
      ms(`Approvals list, first page of every status (the inbox order), over ${n(counts.approvals)}`, allApprovals, 50),
      ms(`Approvals panel (by status, type and priority; median time to decision; AI share and agreement), over ${n(counts.approvals)}`, approvalsPanel, 50),
      ms(`Bulk approve ${ids.length} (with their outbox rows)`, bulkMs, 1000),
      ms(`Dashboard (24 h) over ${n(counts.events)} events`, dashboard24h, 50),
      ms(`Dashboard (7 d) over ${n(counts.events)} events`, dashboard7d, 50),
      ms(`Monitoring events, errors, newest 100 of ${n(counts.events)}`, events, 50),
      ms(`Monitoring events search, one event's words, over ${n(counts.events)} (reads every event)`, eventSearch, 1_000),
      ms(`Longest the event loop waited during one such search (median of 5; intake's answers wait as long)`, longestHold, 20),
      ms(`Executions search, an n8n execution id, over ${n(counts.executions)}`, byN8nId, 50),
      ms(`Executions search, words of an error, over ${n(counts.executions)}`, byError, 50),
      ms(`Executions list, first page of the failed ones, over ${n(counts.executions)}`, failedPage, 50),
      ms(`Executions list, first page of the failures not retried, over ${n(counts.executions)}`, standingPage, 50),
      ms(`Webhook queue search, text in the bodies, over ${n(counts.webhooks)} kept webhooks`, webhookSearch, 50),
      ms(`A workflow's statistics with its last 14 days by hour, ${n(counts.executions)} executions of it`, workflowStats, 50),
      ms(`A workflow's page while it fails, ${n(streak)} failures in a row over ${n(counts.executions)} executions`, failingPage, 50),
      ms(`Find anything, a number: executions, approvals and webhooks searched together`, findNumber, 100),
      ms(`Auto-approval rules tried on the latest 500 decisions, over ${n(counts.approvals)} approvals`, rulesTrial, 100),
      ms(`What takes the space: the whole database (${(storage.file_bytes / 1024 ** 2).toFixed(0)} MiB) measured on its own thread`, storageMs, 5_000),
      ms(`CSV export of all ${n(counts.executions)} executions (${(Buffer.byteLength(exported.csv) / 1024 ** 2).toFixed(0)} MiB)`, exportMs, 5_000),
      ms(`Backup of the whole database (${(backup.bytes / 1024 ** 2).toFixed(0)} MiB) on its own thread`, backupMs, 10_000),
    ]
    return { figures, notes: [`built serve on ${rows} rows, from process start to its listening line (Node itself, loading the bundle, the core start): ${Math.round(serveStart)} ms`] }
  } finally {
    await core.stop()
    cleanup()
  }
}

/** How fast the worker empties a backlog when the handler itself costs nothing. */
export async function drainFigure(quick: boolean): Promise<Figure> {
  const { dir, cleanup } = tempDir('flowgate-bench-drain-')
  const count = quick ? 20_000 : 100_000
  const seeded = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
  seedQueue(seeded.sqlite, Date.now(), count)
  seeded.close()
  const noop = () => undefined
  const core = createCore({ dataDir: dir, config, log: silentLog, handlers: { generic_event: noop, trigger: noop, execution_callback: noop, approval_request: noop } })
  const startAt = performance.now()
  await core.start()
  try {
    const completed = core.internals.database.sqlite.prepare("select n from webhook_queue_counts where status = 'completed'").pluck()
    while ((completed.get() as number) < count) await new Promise((resolve) => setTimeout(resolve, 20))
    const perSecond = count / ((performance.now() - startAt) / 1000)
    return { label: `Queue drain, no-op handler, ${count / 1000}k items`, value: perSecond, unit: 'items/s', target: '≥ 5000 items/s', pass: perSecond >= 5000 }
  } finally {
    await core.stop()
    cleanup()
  }
}

/**
 * The backlog routed for real, beside the no-op figure: a workflow listens for its event, so
 * each item becomes an execution dispatched to n8n (a fake one, in its own process).
 */
export async function routedDrainNote(quick: boolean): Promise<string> {
  const count = quick ? 5_000 : 20_000
  const n8n = await spawnServe({}, ['--import', 'tsx', 'test/bench/n8n-server.ts']).ready
  const { dir, cleanup } = tempDir('flowgate-bench-routed-')
  try {
    const setup = createCore({ dataDir: dir, config, log: silentLog })
    await setup.start()
    await setup.api['workflows.create']({
      workflow_name: 'Bench listener',
      trigger_events: ['bench'],
      webhook_url: `${n8n.line.public}/webhook/bench`,
      is_active: true,
      requires_approval: false,
      auto_approval_enabled: false,
      calls_held: false,
      alerts_muted: false,
      default_approval_type: 'workflow_execution',
      default_priority: 'medium',
    })
    await setup.stop()
    const seeded = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    seedQueue(seeded.sqlite, Date.now(), count)
    seeded.close()

    const core = createCore({ dataDir: dir, config, log: silentLog })
    const startAt = performance.now()
    await core.start()
    try {
      const sqlite = core.internals.database.sqlite
      const secondsUntil = async (sql: string) => {
        const done = sqlite.prepare(sql).pluck()
        while ((done.get() as number) < count) await new Promise((resolve) => setTimeout(resolve, 20))
        return (performance.now() - startAt) / 1000
      }
      // Counts kept by triggers and an index-only count: watching must not slow what it watches.
      const processed = await secondsUntil("select n from webhook_queue_counts where status = 'completed'")
      const dispatched = await secondsUntil("select count(*) from outbox where status = 'done'")
      const rate = (seconds: number) => `${Math.round(count / seconds)} items/s`
      return `routed backlog of ${count / 1000}k events (each an execution, sent to a fake n8n in its own process): processed ${rate(processed)}, dispatched ${rate(dispatched)}`
    } finally {
      await core.stop()
    }
  } finally {
    n8n.child.kill('SIGTERM')
    await n8n.exit
    cleanup()
  }
}
