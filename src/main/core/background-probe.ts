import type { Clock } from './clock'

/**
 * A network check that runs beside the scheduler's tick, not in it, so a peer that hangs for its
 * whole timeout delays nothing else. It keeps the latest answer and when it came; an answer to a
 * question asked before `forget()` (the settings changed since) is dropped.
 */
export class BackgroundProbe<R> {
  last: { checkedAt: number; result: R } | null = null
  private generation = 0
  private inFlight: { generation: number; done: Promise<void> } | null = null

  constructor(
    private readonly clock: Clock,
    private readonly learn: (result: R, at: number) => void = () => undefined,
  ) {}

  /** Asks, unless a question under the current settings is still out. `call` answers failures with a result. */
  ask(call: () => Promise<R>): void {
    if (this.inFlight?.generation === this.generation) return
    const generation = this.generation
    const done = call()
      .then((result) => {
        if (generation !== this.generation) return
        const at = this.clock.now()
        this.last = { checkedAt: at, result }
        this.learn(result, at)
      })
      // A call that breaks its promise to answer is dropped rather than left to crash the process.
      .catch(() => undefined)
      .finally(() => {
        if (this.inFlight?.generation === generation) this.inFlight = null
      })
    this.inFlight = { generation, done }
  }

  /** The settings changed: what was learned, and any answer still to come, no longer count. */
  forget(): void {
    this.generation += 1
    this.last = null
  }
}
