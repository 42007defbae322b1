import { afterEach, beforeEach } from 'vitest'
import { createCore, type Core, type CoreOptions, type StartedCore } from '../../src/main/core'
import { ManualClock } from '../../src/main/core/clock'
import { silentLog } from '../../src/main/core/logger'
import { plaintextCodec, sealSecret } from '../../src/main/core/secrets'
import { tempDir } from './temp'

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-abcdef'

export interface RunningCore extends StartedCore {
  core: Core
  clock: ManualClock
  dataDir: string
  close(): Promise<void>
  /** Adds a workflow row directly; the registry service comes with its own tests. */
  addWorkflow(fields?: { name?: string; n8nWorkflowId?: string; webhookSecret?: string }): number
  count(table: string): number
  /** What the monitoring events of one type said (their data), oldest first. */
  events(type: string): unknown[]
  /** A call to the admin listener with the token; the answer's status and JSON body. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & { message?: string } }>
  /** Lets pending I/O land, then runs every due scheduled task once. */
  tick(): Promise<void>
}

/** A real core on loopback ports chosen by the OS, over a fresh data folder. */
export async function startTestCore(
  config: Record<string, string> = {},
  options: Partial<Omit<CoreOptions, 'config' | 'dataDir'>> = {},
): Promise<RunningCore> {
  const { dir, cleanup } = tempDir()
  const clock = new ManualClock()
  const core = createCore({
    dataDir: dir,
    config: { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...config },
    clock,
    log: silentLog,
    random: () => 0.5,
    ...options,
  })
  const started = await core.start()
  let workflows = 0
  return {
    ...started,
    core,
    clock,
    dataDir: dir,
    close: async () => {
      await core.stop()
      cleanup()
    },
    addWorkflow(fields = {}) {
      workflows += 1
      const now = clock.now()
      return Number(
        core.internals.database.sqlite
          .prepare(
            'insert into n8n_workflows (workflow_name, n8n_workflow_id, webhook_secret, created_at, updated_at) values (?, ?, ?, ?, ?)',
          )
          .run(
            fields.name ?? `workflow-${workflows}`,
            fields.n8nWorkflowId ?? null,
            fields.webhookSecret ? sealSecret(plaintextCodec, fields.webhookSecret) : null,
            now,
            now,
          ).lastInsertRowid,
      )
    },
    events(type) {
      const rows = core.internals.database.sqlite.prepare('select event_data from workflow_monitoring where event_type = ? order by id').pluck().all(type) as string[]
      return rows.map((data) => JSON.parse(data))
    },
    count(table) {
      return core.internals.database.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number
    },
    async admin(method, path, body) {
      const response = await fetch(`${started.adminUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> & { message?: string } }
    },
    async tick() {
      await new Promise((r) => setTimeout(r, 30))
      await core.internals.scheduler.tick()
    },
  }
}

/** A fresh core for each test of the calling file, handed to `use` before the test and closed after it. */
export function corePerTest(config: Record<string, string>, use: (core: RunningCore) => void): void {
  let running: RunningCore | null = null
  beforeEach(async () => {
    running = await startTestCore(config)
    use(running)
  })
  afterEach(async () => {
    await running?.close()
    running = null
  })
}
