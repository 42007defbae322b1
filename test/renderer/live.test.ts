import { describe, expect, it } from 'vitest'
import type { PushMessage } from '../../src/shared/contract'
import type { Services } from '../../src/renderer/src/services/api'
import { followPushes } from '../../src/renderer/src/services/live'

describe('keeping the console live', () => {
  it('reads everything again each time the push stream connects, since nothing was pushed while it was down', () => {
    const asked: string[] = []
    let connected: (() => void) | undefined
    const services = {
      // Never answers: what matters here is what is asked.
      call: (method: string) => (asked.push(method), new Promise(() => undefined)),
      onPush: (_listener: (message: PushMessage) => void, onConnected?: () => void) => ((connected = onConnected), () => undefined),
    } as unknown as Services
    const stop = followPushes(services, 10)
    expect(asked).toEqual([])
    connected!()
    expect(asked).toEqual(expect.arrayContaining(['settings.get', 'approvals.list', 'executions.list', 'workflows.list', 'monitoring.dashboard', 'queue.status', 'health.get']))
    const once = asked.length
    connected!()
    expect(asked).toHaveLength(2 * once)
    stop()
  })
})

describe('stores read again on every push', () => {
  it('keep the answer of the latest read, even when an older one comes back last', async () => {
    const answers: ((value: unknown) => void)[] = []
    const services = { call: () => new Promise((resolve) => answers.push(resolve)) } as unknown as Services
    const { useQueueStatus } = await import('../../src/renderer/src/stores/queue')
    const older = useQueueStatus.getState().load(services)
    const newer = useQueueStatus.getState().load(services)
    answers[1]!({ counts: { queued: 1 } })
    await newer
    answers[0]!({ counts: { queued: 0 } })
    await older
    expect(useQueueStatus.getState().status).toEqual({ counts: { queued: 1 } })
  })
})
