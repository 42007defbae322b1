import { describe, expect, it } from 'vitest'
import type { Services } from '../../src/renderer/src/services/api'
import type { PushMessage } from '../../src/shared/contract'
import { followPushes } from '../../src/renderer/src/services/live'
import { useExecutionDetail } from '../../src/renderer/src/stores/executions'

/** executions.get answered only when the test says so, in whatever order it says. */
function heldAnswers() {
  const waiting: { id: number; answer: (status: string) => void }[] = []
  const services = {
    call: (_method: string, input: { id: number }) => new Promise((resolve) => waiting.push({ id: input.id, answer: (status) => resolve({ id: input.id, status }) })),
  } as unknown as Services
  return { services, waiting }
}

describe('the open execution', () => {
  it('keeps the answer of the latest read when an older one comes back last', async () => {
    const { services, waiting } = heldAnswers()
    // Opened (read 1), then a push says it completed (read 2); read 1's answer is the slower.
    const opened = useExecutionDetail.getState().open(services, 7)
    const pushed = useExecutionDetail.getState().open(services, 7)
    waiting[1]!.answer('completed')
    await pushed
    waiting[0]!.answer('running')
    await opened
    expect(useExecutionDetail.getState().detail).toMatchObject({ id: 7, status: 'completed' })
  })

  it('shows the row opened last, not one opened before it whose answer is slower', async () => {
    const { services, waiting } = heldAnswers()
    const first = useExecutionDetail.getState().open(services, 1)
    const second = useExecutionDetail.getState().open(services, 2)
    waiting[1]!.answer('failed')
    waiting[0]!.answer('completed')
    await Promise.all([first, second])
    expect(useExecutionDetail.getState().detail).toMatchObject({ id: 2, status: 'failed' })
  })

  it('a push while another row is being opened reads that row again, not the one still shown', async () => {
    const { services, waiting } = heldAnswers()
    const shown = useExecutionDetail.getState().open(services, 500)
    waiting[0]!.answer('failed')
    await shown
    // The operator moves to #499; before its answer lands, a push asks the open execution again.
    const chosen = useExecutionDetail.getState().open(services, 499)
    let pushed: (message: PushMessage) => void = () => undefined
    const live = { ...services, onPush: (listener: (message: PushMessage) => void) => ((pushed = listener), () => undefined) } as unknown as Services
    const stop = followPushes(live, 0)
    pushed({ name: 'executions.changed', payload: { id: 12 } } as PushMessage)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const reread = waiting.filter((read) => read.id === 499 || read.id === 500).slice(2)
    expect(reread.map((read) => read.id)).toEqual([499])
    waiting[1]!.answer('completed')
    reread[0]!.answer('completed')
    await chosen
    expect(useExecutionDetail.getState().detail).toMatchObject({ id: 499 })
    stop()
  })
})
