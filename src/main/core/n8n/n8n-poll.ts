import type { Clock } from '../clock'
import type { ScheduledTask } from '../scheduler'
import type { N8nClient } from './n8n-client'

/** A task that asks n8n's API about something at start and every `intervalMs` after, while the API is set. */
export abstract class N8nPoll implements ScheduledTask {
  abstract readonly name: string
  private nextRunAt: number

  constructor(
    private readonly n8n: () => N8nClient | null,
    clock: Clock,
    private readonly intervalMs: number,
  ) {
    this.nextRunAt = clock.now()
  }

  nextDueAt(): number | null {
    return this.nextRunAt
  }

  async run(now: number): Promise<void> {
    this.nextRunAt = now + this.intervalMs
    const client = this.n8n()
    if (client) await this.poll(client, now)
  }

  protected abstract poll(client: N8nClient, now: number): Promise<void>
}

/** n8n cannot be reached or refuses the key: asking it about the next thing now would fail the same way. */
export const n8nUnavailable = (error: unknown): boolean => (error as { problem?: string }).problem !== 'error'
