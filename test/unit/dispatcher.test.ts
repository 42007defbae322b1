import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { Dispatcher, type DispatcherDeps } from '../../src/main/core/dispatch/dispatcher'
import type { Outbox, OutboxRow } from '../../src/main/core/dispatch/outbox'
import type { ExecutionService } from '../../src/main/core/executions/execution-service'
import type { Monitor } from '../../src/main/core/monitor'
import { parseConfig } from '../../src/main/core/config'
import { silentLogger } from '../../src/main/core/logger'
import { transactionFailingAtCommit } from '../helpers/failing-commit'
import { listenOnLoopback } from '../helpers/loopback'

const deps = (outbox: Partial<Outbox>, quiet: () => Promise<void> = async () => undefined): DispatcherDeps => ({
  outbox: outbox as Outbox,
  clock: { now: () => 1000 },
  executions: { markDispatched: () => undefined } as unknown as ExecutionService,
  monitor: { record: () => undefined } as unknown as Monitor,
  config: () => parseConfig({}),
  webhookSecretOf: () => undefined,
  log: silentLogger,
  quiet,
  random: () => 0.5,
})

describe('dispatcher', () => {
  it('claims only once the database is quiet, so the event loop never waits on the lock', async () => {
    const claims: number[] = []
    let letGo: () => void = () => undefined
    const quiet = new Promise<void>((resolve) => (letGo = resolve))
    const dispatcher = new Dispatcher(deps({ claim: (now: number) => (claims.push(now), []) }, () => quiet))
    const run = dispatcher.run(1000)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(claims).toEqual([])
    letGo()
    await run
    expect(claims).toEqual([1000])
  })

  it('puts every call of a batch back to pending when the commit of their results fails', async () => {
    const n8n = http.createServer((_request, response) => response.end('{}'))
    const url = `${await listenOnLoopback(n8n)}/webhook/x`
    try {
      const rows = [1, 2].map((id) => ({ id, kind: 'dispatch', target_url: url, body: '{}', attempts: 0, execution_id: id, approval_id: null, workflow_id: null }) as OutboxRow)
      const retried: { id: number; error: string }[] = []
      const outbox = {
        claim: () => rows,
        delivered: () => undefined,
        retryAt: (id: number, _at: number, _status: number | null, error: string) => void retried.push({ id, error }),
        together: transactionFailingAtCommit('database or disk is full'),
      }
      await new Dispatcher(deps(outbox)).run(1000)
      expect(retried).toEqual([
        { id: 1, error: 'database or disk is full' },
        { id: 2, error: 'database or disk is full' },
      ])
    } finally {
      n8n.closeAllConnections()
      await new Promise((resolve) => n8n.close(resolve))
    }
  })
})
