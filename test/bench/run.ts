/**
 * npm run bench [-- --quick]: figures measured on this machine in one run, each next to
 * its target. Servers run in their own processes (the built `serve`); load comes from this
 * one (autocannon). Data figures run a core in this process over seeded databases.
 */
import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { spawnServe, type ServeProcess } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'
import { drainFigure, historyFigures, type Figure } from './data'

const quick = process.argv.includes('--quick')
const DURATION_S = quick ? 5 : 15
const CONNECTIONS = 50
const SECRET = 'bench-secret-0123456789abcdef'
const WEBHOOKS_FOR_MEMORY = quick ? 20_000 : 100_000

interface Load {
  requestsPerSecond: number
  p50: number
  p99: number
  acknowledged: number
  errors: number
}

/** The steady-load figure: 500 req/s over 10 connections, after a warm-up at the same rate. */
const PACED = { duration: quick ? 5 : 10, rate: 500, connections: 10 }

type LoadOptions = { warmUp?: boolean; duration?: number; amount?: number; rate?: number; connections?: number }

async function load(url: string, body: string, headers: Record<string, string>, options: LoadOptions = {}): Promise<Load> {
  const common = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json', ...headers }, connections: options.connections ?? CONNECTIONS }
  if (options.warmUp !== false) await autocannon({ ...common, duration: 2, ...(options.rate ? { overallRate: options.rate } : {}) })
  const result = await autocannon({
    ...common,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? DURATION_S }),
    ...(options.rate ? { overallRate: options.rate } : {}),
  })
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    acknowledged: result['2xx'],
    errors: result.errors + result.non2xx,
  }
}

const residentMb = (pid: number): number => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024
}

async function waitForEmptyQueue(adminUrl: string, token: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${adminUrl}/api/v1/webhooks/queue/status`, { headers: { authorization: `Bearer ${token}` } })
    const status = (await response.json()) as { counts: Record<string, number> }
    if (!status.counts.queued && !status.counts.processing) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function httpFigures(): Promise<{ figures: Figure[]; notes: string[] }> {
  const body = JSON.stringify({ event: 'lead.created', data: { id: 12345, email: 'lead@example.com', score: 87, source: 'bench' } })
  const signature = { 'x-flowgate-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` }
  const built = ['out/main/serve.js']

  const hello = await spawnServe({}, ['--import', 'tsx', 'test/bench/hello-server.ts']).ready
  const bare = await load(hello.line.public, body, {})
  const barePaced = await load(hello.line.public, body, {}, PACED)
  hello.child.kill('SIGTERM')
  await hello.exit

  const { dir, cleanup } = tempDir('flowgate-bench-')
  const token = 'bench-admin-token-0123456789'
  const startFlowgate = (dataDir: string) =>
    spawnServe(
      {
        FLOWGATE_DATA_DIR: dataDir,
        FLOWGATE_PUBLIC_PORT: '0',
        FLOWGATE_ADMIN_PORT: '0',
        FLOWGATE_ADMIN_TOKEN: token,
        N8N_WEBHOOK_SECRET: SECRET,
        FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '10000000',
        FLOWGATE_LOG_LEVEL: 'warn',
      },
      built,
    ).ready
  const stopFlowgate = async (serve: ServeProcess) => {
    serve.child.kill('SIGTERM')
    await serve.exit
  }
  const ingestUrl = (serve: ServeProcess) => `${serve.line.public}/api/v1/webhooks/n8n/generic`

  const serve = await startFlowgate(dir)
  const ingest = await load(ingestUrl(serve), body, signature)
  await waitForEmptyQueue(serve.line.admin, token)
  const paced = await load(ingestUrl(serve), body, signature, PACED)
  const db = new Database(path.join(dir, 'flowgate.db'), { readonly: true })
  const stored = db.prepare('select count(*) from webhook_queue').pluck().get() as number
  db.close()
  await stopFlowgate(serve)
  cleanup()

  // Memory on its own fresh process: exactly this many webhooks received and processed.
  const memoryDir = tempDir('flowgate-bench-memory-')
  const fresh = await startFlowgate(memoryDir.dir)
  const memoryLoad = await load(ingestUrl(fresh), body, signature, { warmUp: false, amount: WEBHOOKS_FOR_MEMORY })
  await waitForEmptyQueue(fresh.line.admin, token)
  const rss = residentMb(fresh.child.pid!)
  await stopFlowgate(fresh)
  memoryDir.cleanup()

  const ratio = ingest.requestsPerSecond / bare.requestsPerSecond
  const acknowledged = ingest.acknowledged + paced.acknowledged
  return {
    figures: [
      { label: 'Signed webhook ingest (synchronous=FULL) ÷ bare Fastify hello-world', value: ratio, unit: '', target: '≥ 0.6', pass: ratio >= 0.6 },
      { label: 'p99 acknowledgement latency at 500 req/s', value: paced.p99, unit: 'ms', target: '≤ 5 ms', pass: paced.p99 <= 5 },
      { label: `Core resident memory after ${WEBHOOKS_FOR_MEMORY / 1000}k webhooks (received and processed)`, value: rss, unit: 'MB', target: '≤ 150 MB', pass: rss <= 150 && memoryLoad.acknowledged === WEBHOOKS_FOR_MEMORY },
      { label: 'Rows stored ≥ 2xx acknowledged', value: stored, unit: `stored / ${acknowledged} acked`, target: 'none lost', pass: stored >= acknowledged },
    ],
    notes: [
      `bare Fastify: ${Math.round(bare.requestsPerSecond)} req/s (p50 ${bare.p50} ms, p99 ${bare.p99} ms)`,
      `signed ingest: ${Math.round(ingest.requestsPerSecond)} req/s (p50 ${ingest.p50} ms, p99 ${ingest.p99} ms), ${ingest.errors} errors`,
      `at 500 req/s: p50 ${paced.p50} ms, p99 ${paced.p99} ms, ${paced.errors} errors; bare Fastify at 500 req/s: p50 ${barePaced.p50} ms, p99 ${barePaced.p99} ms (autocannon's own timing on a shared 2-core machine)`,
    ],
  }
}

const shown = (figure: Figure) => (figure.unit === '' ? figure.value.toFixed(2) : `${figure.value < 10 ? figure.value.toFixed(1) : Math.round(figure.value)} ${figure.unit}`)

async function main(): Promise<void> {
  const started = Date.now()
  const http = await httpFigures()
  const figures = [...http.figures, await drainFigure(quick), ...(await historyFigures(quick))]
  const cpu = os.cpus()
  process.stdout.write(`\nFlowgate bench — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}, ${quick ? 'quick' : 'full'} run\n\n`)
  process.stdout.write('| Figure | Measured | Target | |\n|---|---|---|---|\n')
  for (const figure of figures) process.stdout.write(`| ${figure.label} | ${shown(figure)} | ${figure.target} | ${figure.pass ? 'PASS' : 'FAIL'} |\n`)
  process.stdout.write(`\n${http.notes.map((note) => `- ${note}`).join('\n')}\n- whole run: ${Math.round((Date.now() - started) / 1000)} s\n`)
  if (figures.some((figure) => !figure.pass)) process.exitCode = 1
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`)
  process.exit(1)
})
