import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/open'
import { Dispatcher } from '../../src/main/core/dispatch/dispatcher'
import { Outbox } from '../../src/main/core/dispatch/outbox'
import type { ExecutionService } from '../../src/main/core/executions/execution-service'
import type { Monitor } from '../../src/main/core/monitor'
import { parseConfig } from '../../src/main/core/config'
import { silentLogger } from '../../src/main/core/logger'
import { findMigrationsDir } from '../../src/main/core/paths'
import { listenOnLoopback } from '../helpers/loopback'
import { tempDir } from '../helpers/temp'

describe('a batch of outbound calls under one deadline', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('gives up on a call that gets no answer in time, while its batch-mates are recorded as sent', async () => {
    const held: net.Socket[] = []
    const silent = net.createServer((socket) => void held.push(socket))
    const answering = http.createServer((_request, response) => response.end('{"message":"Workflow was started"}'))
    const silentUrl = await listenOnLoopback(silent)
    const answeringUrl = await listenOnLoopback(answering)
    cleanups.push(
      () => new Promise((resolve) => (silent.close(resolve), held.forEach((socket) => socket.destroy()))),
      () => new Promise((resolve) => (answering.close(resolve), answering.closeAllConnections())),
    )
    const { dir, cleanup } = tempDir()
    const database = openDatabase({ file: path.join(dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    cleanups.push(cleanup, () => database.close())

    const outbox = new Outbox(database.sqlite)
    const hanging = outbox.add({ kind: 'resume', targetUrl: `${silentUrl}/webhook-waiting/1`, body: {} }, 0)
    const fine = outbox.add({ kind: 'resume', targetUrl: `${answeringUrl}/webhook-waiting/2`, body: {} }, 0)
    const events: string[] = []
    const dispatcher = new Dispatcher({
      outbox,
      clock: { now: () => 1000 },
      executions: {} as ExecutionService,
      monitor: { record: (event: { eventType: string }) => void events.push(event.eventType) } as unknown as Monitor,
      config: () => parseConfig({}),
      log: silentLogger,
      quiet: async () => undefined,
      random: () => 0.5,
      sendTimeoutMs: 300,
      webhookSecretOf: () => undefined,
    })
    const started = performance.now()
    await dispatcher.run(1000)
    expect(performance.now() - started).toBeLessThan(5000)

    const row = database.sqlite.prepare('select status, attempts, last_error from outbox where id = ?')
    expect(row.get(fine)).toEqual({ status: 'done', attempts: 1, last_error: null })
    expect(row.get(hanging)).toEqual({ status: 'pending', attempts: 1, last_error: 'n8n unreachable: no answer within 0.3 s' })
    expect(events.sort()).toEqual(['resume_retry', 'resume_sent'])
    // The claim skips its own fsync; every other commit on the connection stays durable.
    expect(database.sqlite.pragma('synchronous', { simple: true })).toBe(2)
  })
})
