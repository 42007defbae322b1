import { describe, expect, it } from 'vitest'
import { Dispatcher } from '../../src/main/core/dispatch/dispatcher'
import type { Outbox } from '../../src/main/core/dispatch/outbox'
import type { ExecutionService } from '../../src/main/core/executions/execution-service'
import type { Monitor } from '../../src/main/core/monitor'
import { parseConfig } from '../../src/main/core/config'
import { silentLogger } from '../../src/main/core/logger'

describe('dispatcher and the other connection', () => {
  it('claims only once the database is quiet, so the event loop never waits on the lock', async () => {
    const claims: number[] = []
    const outbox = { claim: (now: number) => (claims.push(now), []), nextDueAt: () => 0 } as unknown as Outbox
    let letGo: () => void = () => undefined
    const quiet = new Promise<void>((resolve) => (letGo = resolve))
    const dispatcher = new Dispatcher({
      outbox,
      executions: {} as ExecutionService,
      monitor: {} as Monitor,
      config: () => parseConfig({}),
      log: silentLogger,
      quiet: () => quiet,
    })
    const run = dispatcher.run(1000)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(claims).toEqual([])
    letGo()
    await run
    expect(claims).toEqual([1000])
  })
})
