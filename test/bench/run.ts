/**
 * npm run bench [-- --quick]: figures measured on this machine in one run, each next to
 * its target. Servers run in their own processes; load comes from this one (autocannon).
 */
import { createHmac } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { spawnServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'

const quick = process.argv.includes('--quick')
const DURATION_S = quick ? 5 : 15
const CONNECTIONS = 50
const SECRET = 'bench-secret-0123456789abcdef'

interface Load {
  requestsPerSecond: number
  p50: number
  p99: number
  acknowledged: number
  errors: number
}

async function load(url: string, body: string, headers: Record<string, string>): Promise<Load> {
  const common = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json', ...headers }, connections: CONNECTIONS }
  await autocannon({ ...common, duration: 2 }) // warm-up
  const result = await autocannon({ ...common, duration: DURATION_S })
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    acknowledged: result['2xx'],
    errors: result.errors + result.non2xx,
  }
}

async function main(): Promise<void> {
  const body = JSON.stringify({ event: 'lead.created', data: { id: 12345, email: 'lead@example.com', score: 87, source: 'bench' } })
  const signature = { 'x-flowgate-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` }

  const hello = await spawnServe({}, ['--import', 'tsx', 'test/bench/hello-server.ts']).ready
  const bare = await load(hello.line.public, body, {})
  hello.child.kill('SIGTERM')
  await hello.exit

  const { dir, cleanup } = tempDir('flowgate-bench-')
  const serve = await spawnServe({
    FLOWGATE_DATA_DIR: dir,
    FLOWGATE_PUBLIC_PORT: '0',
    FLOWGATE_ADMIN_PORT: '0',
    N8N_WEBHOOK_SECRET: SECRET,
    FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '10000000',
    FLOWGATE_LOG_LEVEL: 'warn',
  }).ready
  const ingest = await load(`${serve.line.public}/api/v1/webhooks/n8n/generic`, body, signature)
  serve.child.kill('SIGTERM')
  await serve.exit
  const db = new Database(path.join(dir, 'flowgate.db'), { readonly: true })
  const stored = db.prepare('select count(*) from webhook_queue').pluck().get() as number
  db.close()
  cleanup()

  const ratio = ingest.requestsPerSecond / bare.requestsPerSecond
  const rows = [
    ['Bare Fastify hello-world (POST, same body)', `${Math.round(bare.requestsPerSecond)} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms`, '—', ''],
    ['Signed webhook ingest (synchronous=FULL)', `${Math.round(ingest.requestsPerSecond)} req/s, p50 ${ingest.p50} ms, p99 ${ingest.p99} ms`, '—', ''],
    ['Ingest ÷ bare Fastify', ratio.toFixed(2), '≥ 0.6', ratio >= 0.6 ? 'PASS' : 'FAIL'],
    ['Rows stored vs 2xx acknowledged (warm-up included)', `${stored} stored, ${ingest.acknowledged} acked in the timed run`, 'stored ≥ acked', stored >= ingest.acknowledged ? 'PASS' : 'FAIL'],
  ]
  process.stdout.write(`\nFlowgate bench — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S}s per run${quick ? ' (quick)' : ''}\n\n`)
  process.stdout.write('| Figure | Measured | Target | |\n|---|---|---|---|\n')
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`)
  if (ingest.errors) process.stdout.write(`\n${ingest.errors} ingest requests failed or were not 2xx\n`)
  if (rows.some((r) => r[3] === 'FAIL')) process.exitCode = 1
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`)
  process.exit(1)
})
