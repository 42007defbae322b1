import { buildPublicServer } from '../../src/main/core/http/public-server'
import type { GroupCommitter } from '../../src/main/core/intake/group-commit'
import { ThrottledRecorder, type Monitor } from '../../src/main/core/monitor'
import { DEFAULT_TRUSTED_PROXIES } from '../../src/main/core/intake/sender'
import { silentLogger } from '../../src/main/core/logger'
import { systemClock } from '../../src/main/core/clock'
import { listenForBench } from './announce'

/**
 * A diagnostic, not a product: Flowgate's public listener exactly as served (rate limit,
 * signature, validation), with storage replaced by a counter answering at once. Its throughput
 * is the ceiling that the route's own work leaves for a durable one.
 */
let stored = 0
const committer = { enqueue: async () => ({ id: ++stored, duplicate: false }) } as unknown as GroupCommitter
const noEvents = { record: () => undefined } as unknown as Monitor
const app = buildPublicServer({
  log: silentLogger,
  intake: {
    committer,
    rejections: new ThrottledRecorder(noEvents, systemClock),
    clock: systemClock,
    findWorkflow: () => null,
    globalSecret: () => process.env.N8N_WEBHOOK_SECRET,
    bodyLimitBytes: 1 << 20,
    rateLimitPerMinute: 10_000_000,
    trustedProxies: DEFAULT_TRUSTED_PROXIES,
  },
  requestTimeoutSeconds: 30,
})
listenForBench(app)
