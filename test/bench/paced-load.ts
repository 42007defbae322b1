import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

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

/** The disk's own floor for a durable answer: 4 KiB written and fdatasync'ed, in ms. */
export function fsyncLatency(dir: string, times = 300): LatencySample {
  const file = path.join(dir, 'fsync-probe.bin')
  const fd = fs.openSync(file, 'w')
  const page = Buffer.alloc(4096, 1)
  const latencies: number[] = []
  try {
    for (let i = 0; i < times; i++) {
      const started = performance.now()
      fs.writeSync(fd, page, 0, page.length, (i % 64) * page.length)
      fs.fdatasyncSync(fd)
      latencies.push(performance.now() - started)
    }
  } finally {
    fs.closeSync(fd)
    fs.rmSync(file, { force: true })
  }
  return summarize(latencies, 0)
}
