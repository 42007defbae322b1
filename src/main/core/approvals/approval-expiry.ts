import type { ScheduledTask } from '../scheduler'
import type { ApprovalService } from './approval-service'

/** Expires pending approvals on time; at start, those that expired while Flowgate was closed. */
export class ApprovalExpiry implements ScheduledTask {
  readonly name = 'approval-expiry'

  constructor(private readonly approvals: ApprovalService) {}

  nextDueAt(): number | null {
    return this.approvals.nextExpiryAt()
  }

  async run(now: number): Promise<void> {
    this.approvals.expireDue(now)
  }
}
