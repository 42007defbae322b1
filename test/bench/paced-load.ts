import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import Database from 'better-sqlite3'

export interface LatencySample {
  count: number
  errors: number
  p50: number
  p99: number
  max: number
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN

export function summarize(latencies: number[], errors: number): LatencySample {
  const sorted = [...latencies].sort((a, b) => a - b)
  return { count: sorted.length, errors, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN }
}

/**
 * An open-loop load at a fixed rate: request i is due at start + i/rate whatever happened to
 * the ones before, and its latency counts from that due time, so a stall is charged to every
 * request it delayed (no coordinated omission). Keep-alive sockets, as n8n's HTTP node uses.
 */
export async function pacedLoad(
  url: string,
  options: { rate: number; seconds: number; connections: number; body: string; headers: Record<string, string> },
): Promise<{ latencies: number[]; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const target = new URL(url)
  const headers = { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) }
  const latencies: number[] = []
  let errors = 0
  const inFlight: Promise<void>[] = []
  const start = performance.now()
  const total = Math.round(options.rate * options.seconds)
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / options.rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait - 1))
    while (performance.now() < due) await new Promise((resolve) => setImmediate(resolve))
    inFlight.push(
      new Promise<void>((resolve) => {
        const request = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (response) => {
          response.resume()
          response.on('end', () => {
            if (response.statusCode && response.statusCode < 300) latencies.push(performance.now() - due)
            else errors += 1
            resolve()
          })
        })
        request.on('error', () => {
          errors += 1
          resolve()
        })
        request.end(options.body)
      }),
    )
  }
  await Promise.all(inFlight)
  agent.destroy()
  return { latencies, errors }
}

/**
 * The floor of any durable answer on this disk: a one-row SQLite commit under
 * synchronous=FULL in WAL mode (what each acknowledgement waits for), one every 2 ms as at
 * 500 req/s, alone in its own database, in ms.
 */
export async function durableCommitLatency(dir: string, times = 500): Promise<LatencySample> {
  const file = path.join(dir, 'commit-probe.db')
  const db = new Database(file)
  const latencies: number[] = []
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('create table probe (id integer primary key, body text not null)')
    const insert = db.prepare('insert into probe (body) values (?)')
    const commit = db.transaction((body: string) => insert.run(body))
    for (let i = 0; i < times; i++) {
      const started = performance.now()
      commit('{"event":"probe"}')
      latencies.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  } finally {
    db.close()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  }
  return summarize(latencies, 0)
}
