import fs from 'node:fs'

/**
 * Where the CPU of a closed-loop round went, per request: the server's main thread, its
 * busiest other thread (Flowgate's database writer), its remaining threads, the load generator
 * (this process), and how idle the machine stayed. Read from /proc, so Linux only; elsewhere
 * the figures are simply not shown.
 */
export interface CpuSplit {
  mainUs: number
  busiestOtherUs: number
  restUs: number
  loaderUs: number
  idlePercent: number
}

const TICK_MS = 10

function threadTicks(pid: number): Map<string, number> {
  const ticks = new Map<string, number>()
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks.set(tid, Number(fields[11]) + Number(fields[12]))
  }
  return ticks
}

/** user … steal from the first line of /proc/stat (guest time is counted in user already). */
function machineTicks(): { idle: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
  return { idle: fields[3]! + fields[4]!, total: fields.reduce((sum, value) => sum + value, 0) }
}

/** Runs `round` and splits the CPU it cost by thread; null where /proc cannot be read. */
export async function withCpuSplit<T>(serverPid: number, round: () => Promise<T>, requestsOf: (result: T) => number) {
  const readable = fs.existsSync(`/proc/${serverPid}/task`)
  const before = readable ? { threads: threadTicks(serverPid), machine: machineTicks(), loader: process.cpuUsage() } : null
  const result = await round()
  if (!before) return { result, split: null }
  const threads = [...threadTicks(serverPid)].map(([tid, ticks]) => ({ tid, ticks: ticks - (before.threads.get(tid) ?? 0) }))
  const machine = machineTicks()
  const loader = process.cpuUsage(before.loader)
  const perRequestUs = (ticks: number) => (ticks * TICK_MS * 1000) / Math.max(1, requestsOf(result))
  const main = threads.find((thread) => thread.tid === String(serverPid))?.ticks ?? 0
  const others = threads.filter((thread) => thread.tid !== String(serverPid)).map((thread) => thread.ticks).sort((a, b) => b - a)
  const busiestOther = others[0] ?? 0
  const split: CpuSplit = {
    mainUs: perRequestUs(main),
    busiestOtherUs: perRequestUs(busiestOther),
    restUs: perRequestUs(others.slice(1).reduce((sum, ticks) => sum + ticks, 0)),
    loaderUs: (loader.user + loader.system) / Math.max(1, requestsOf(result)),
    idlePercent: (100 * (machine.idle - before.machine.idle)) / Math.max(1, machine.total - before.machine.total),
  }
  return { result, split }
}

/** The mean of several rounds' splits, or null if any is missing. */
export function meanSplit(splits: (CpuSplit | null)[]): CpuSplit | null {
  if (splits.length === 0 || splits.some((split) => split === null)) return null
  const mean = (key: keyof CpuSplit) => splits.reduce((sum, split) => sum + split![key], 0) / splits.length
  return { mainUs: mean('mainUs'), busiestOtherUs: mean('busiestOtherUs'), restUs: mean('restUs'), loaderUs: mean('loaderUs'), idlePercent: mean('idlePercent') }
}
