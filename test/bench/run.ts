/**
 * npm run bench [-- --quick]: figures measured on this machine in one run, each next to
 * its target. Servers run in their own processes (the built `serve`); load comes from this
 * one (autocannon for throughput, an open-loop paced client for latency). Data figures run a
 * core in this process over seeded databases.
 */
import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { builtServeCommand, spawnServe, type ServeProcess } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'
import { meanSplit, withCpuSplit, type CpuSplit } from './cpu-split'
import { drainFigure, historyFigures, routedDrainNote, type Figure } from './data'
import { durableCommitLatency, pacedLoad, summarize } from './paced-load'

const quick = process.argv.includes('--quick')
/** Closed-loop rounds, bare and Flowgate taking turns so a slow spell of the machine hits both. */
const ROUNDS = quick ? 1 : 3
const ROUND_S = quick ? 5 : 6
const CONNECTIONS = 50
const SECRET = 'bench-secret-0123456789abcdef'
const WEBHOOKS_FOR_MEMORY = quick ? 20_000 : 100_000
/** The steady-load figure: 500 req/s over 10 keep-alive connections, rounds pooled. */
const PACED = { rate: 500, seconds: quick ? 4 : 5, connections: 10, rounds: quick ? 1 : 3 }

interface Load {
  requests: number
  requestsPerSecond: number
  p50: number
  p99: number
  acknowledged: number
  errors: number
}

type LoadOptions = { duration?: number; amount?: number }

async function load(url: string, body: string, headers: Record<string, string>, options: LoadOptions = {}): Promise<Load> {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections: CONNECTIONS,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? ROUND_S }),
  })
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    acknowledged: result['2xx'],
    errors: result.errors + result.non2xx,
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

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

const ms = (value: number) => `${value.toFixed(1)} ms`

async function httpFigures(): Promise<{ figures: Figure[]; notes: string[] }> {
  const body = JSON.stringify({ event: 'lead.created', data: { id: 12345, email: 'lead@example.com', score: 87, source: 'bench' } })
  const signature = { 'x-flowgate-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` }
  const built = builtServeCommand()
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
  const stop = async (serve: ServeProcess) => {
    serve.child.kill('SIGTERM')
    await serve.exit
  }

  const hello = await spawnServe({}, ['--import', 'tsx', 'test/bench/hello-server.ts']).ready
  const routeOnly = await spawnServe({ N8N_WEBHOOK_SECRET: SECRET }, ['--import', 'tsx', 'test/bench/route-only-server.ts']).ready
  const serve = await startFlowgate(dir)
  const bareUrl = hello.line.public
  const routeOnlyUrl = `${routeOnly.line.public}/api/v1/webhooks/n8n/generic`
  const ingestUrl = `${serve.line.public}/api/v1/webhooks/n8n/generic`
  const settle = () => waitForEmptyQueue(serve.line.admin, token)

  await load(bareUrl, body, {}, { duration: 2 })
  await load(routeOnlyUrl, body, signature, { duration: 2 })
  await load(ingestUrl, body, signature, { duration: 2 })
  await settle()
  const bare: Load[] = []
  const route: Load[] = []
  const ingest: Load[] = []
  const bareCpu: (CpuSplit | null)[] = []
  const ingestCpu: (CpuSplit | null)[] = []
  const routeCpu: (CpuSplit | null)[] = []
  const requestsOf = (l: Load) => l.requests
  for (let round = 0; round < ROUNDS; round++) {
    const bareRound = await withCpuSplit(hello.child.pid!, () => load(bareUrl, body, {}), requestsOf)
    bare.push(bareRound.result)
    bareCpu.push(bareRound.split)
    const routeRound = await withCpuSplit(routeOnly.child.pid!, () => load(routeOnlyUrl, body, signature), requestsOf)
    route.push(routeRound.result)
    routeCpu.push(routeRound.split)
    const ingestRound = await withCpuSplit(serve.child.pid!, () => load(ingestUrl, body, signature), requestsOf)
    ingest.push(ingestRound.result)
    ingestCpu.push(ingestRound.split)
    // The backlog is processed before the next round, so it never slows the other servers.
    await settle()
  }
  await stop(routeOnly)

  const pacedOptions = { rate: PACED.rate, seconds: PACED.seconds, connections: PACED.connections, body }
  const barePaced: number[] = []
  const ingestPaced: number[] = []
  const roundP99s: { bare: number; flowgate: number }[] = []
  let pacedErrors = 0
  let pacedAcknowledged = 0
  for (let round = 0; round < PACED.rounds; round++) {
    const bareRound = await pacedLoad(bareUrl, { ...pacedOptions, headers: { 'content-type': 'application/json' } })
    barePaced.push(...bareRound.latencies)
    const flowgate = await pacedLoad(ingestUrl, { ...pacedOptions, headers: { 'content-type': 'application/json', ...signature } })
    roundP99s.push({ bare: summarize(bareRound.latencies, 0).p99, flowgate: summarize(flowgate.latencies, 0).p99 })
    ingestPaced.push(...flowgate.latencies)
    pacedErrors += flowgate.errors
    pacedAcknowledged += flowgate.latencies.length
    await settle()
  }
  const paced = summarize(ingestPaced, pacedErrors)
  const pacedBare = summarize(barePaced, 0)
  const disk = await durableCommitLatency(dir)

  const db = new Database(path.join(dir, 'flowgate.db'), { readonly: true })
  const stored = db.prepare('select count(*) from webhook_queue').pluck().get() as number
  db.close()
  await stop(serve)
  await stop(hello)
  cleanup()

  // Memory on its own fresh process: exactly this many webhooks received and processed.
  const memoryDir = tempDir('flowgate-bench-memory-')
  const fresh = await startFlowgate(memoryDir.dir)
  const memoryLoad = await load(`${fresh.line.public}/api/v1/webhooks/n8n/generic`, body, signature, { amount: WEBHOOKS_FOR_MEMORY })
  await waitForEmptyQueue(fresh.line.admin, token)
  const rss = residentMb(fresh.child.pid!)
  await stop(fresh)
  memoryDir.cleanup()

  const bareRate = median(bare.map((l) => l.requestsPerSecond))
  const routeRate = median(route.map((l) => l.requestsPerSecond))
  const ingestRate = median(ingest.map((l) => l.requestsPerSecond))
  const ratio = ingestRate / bareRate
  const acknowledged = ingest.reduce((sum, l) => sum + l.acknowledged, 0) + pacedAcknowledged
  const rates = (loads: Load[]) => loads.map((l) => Math.round(l.requestsPerSecond)).join(', ')
  return {
    figures: [
      { label: 'Signed webhook ingest (synchronous=FULL) ÷ bare Fastify hello-world', value: ratio, unit: '', target: '≥ 0.6', pass: ratio >= 0.6 },
      { label: 'p99 acknowledgement latency at 500 req/s', value: paced.p99, unit: 'ms', target: '≤ 5 ms', pass: paced.p99 <= 5 && paced.errors === 0 },
      { label: `Core resident memory after ${WEBHOOKS_FOR_MEMORY / 1000}k webhooks (received and processed)`, value: rss, unit: 'MB', target: '≤ 150 MB', pass: rss <= 150 && memoryLoad.acknowledged === WEBHOOKS_FOR_MEMORY },
      { label: 'Rows stored ≥ 2xx acknowledged', value: stored, unit: `stored / ${acknowledged} acked`, target: 'none lost', pass: stored >= acknowledged },
    ],
    notes: [
      `closed loop, ${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_S} s each, taking turns; medians: bare Fastify ${Math.round(bareRate)} req/s (${rates(bare)}), signed ingest ${Math.round(ingestRate)} req/s (${rates(ingest)}), ${ingest.reduce((sum, l) => sum + l.errors, 0)} errors`,
      routeNote(routeRate, bareRate, rates(route), meanSplit(routeCpu)),
      ...cpuNote(meanSplit(bareCpu), meanSplit(ingestCpu)),
      `at 500 req/s (open loop, ${PACED.connections} connections, ${paced.count} requests): Flowgate p50 ${ms(paced.p50)}, p99 ${ms(paced.p99)}, max ${ms(paced.max)}, ${paced.errors} errors; bare Fastify p50 ${ms(pacedBare.p50)}, p99 ${ms(pacedBare.p99)}; p99 by round, Flowgate / bare: ${roundP99s.map((r) => `${r.flowgate.toFixed(1)} / ${r.bare.toFixed(1)}`).join(', ')} ms`,
      `the data disk's floor for a durable answer (a one-row synchronous=FULL SQLite commit every 2 ms, alone): p50 ${ms(disk.p50)}, p99 ${ms(disk.p99)}, max ${ms(disk.max)}`,
    ],
  }
}

/**
 * The public route alone (rate limit, signature, validation; storage replaced by a counter), each
 * request answered as soon as it is checked: one answer per wake-up, where Flowgate answers a
 * commit's worth together — so its CPU per request says what answering one by one costs.
 */
function routeNote(routeRate: number, bareRate: number, rates: string, split: CpuSplit | null): string {
  const cpu = split ? `; CPU per request: main thread ${Math.round(split.mainUs)} µs, load generator ${Math.round(split.loaderUs)} µs, machine idle ${Math.round(split.idlePercent)} %` : ''
  return `diagnostic: the same public route answering each request at once, storage replaced by a counter: ${Math.round(routeRate)} req/s (${rates}), ratio ${(routeRate / bareRate).toFixed(2)}${cpu}`
}

/** Where each closed-loop request's CPU went, so a failing ratio shows what it is made of. */
function cpuNote(bare: CpuSplit | null, flowgate: CpuSplit | null): string[] {
  if (!bare || !flowgate) return []
  const us = (value: number) => Math.round(value)
  return [
    `CPU per request in the closed loop, from /proc (µs): bare Fastify main thread ${us(bare.mainUs)}, other threads ${us(bare.busiestOtherUs + bare.restUs)}, load generator ${us(bare.loaderUs)}, machine idle ${us(bare.idlePercent)} %; ` +
      `Flowgate main thread ${us(flowgate.mainUs)}, database writer ${us(flowgate.busiestOtherUs)}, other threads ${us(flowgate.restUs)}, load generator ${us(flowgate.loaderUs)}, machine idle ${us(flowgate.idlePercent)} %`,
  ]
}

const shown = (figure: Figure) => (figure.unit === '' ? figure.value.toFixed(2) : `${figure.value < 10 ? figure.value.toFixed(1) : Math.round(figure.value)} ${figure.unit}`)

async function main(): Promise<void> {
  const started = Date.now()
  const http = await httpFigures()
  const history = await historyFigures(quick)
  const figures = [...http.figures, await drainFigure(quick), ...history.figures]
  const notes = [...http.notes, ...history.notes, await routedDrainNote(quick)]
  const cpu = os.cpus()
  process.stdout.write(`\nFlowgate bench — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}, ${quick ? 'quick' : 'full'} run\n\n`)
  process.stdout.write('| Figure | Measured | Target | |\n|---|---|---|---|\n')
  for (const figure of figures) process.stdout.write(`| ${figure.label} | ${shown(figure)} | ${figure.target} | ${figure.pass ? 'PASS' : 'FAIL'} |\n`)
  process.stdout.write(`\n${notes.map((note) => `- ${note}`).join('\n')}\n- whole run: ${Math.round((Date.now() - started) / 1000)} s\n`)
  if (figures.some((figure) => !figure.pass)) process.exitCode = 1
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`)
  process.exit(1)
})
