import type { ScheduledTask } from '../scheduler'
import type { ApprovalService } from './approval-service'

/** Decisions whose undo window has ended take effect; at start, those whose window ended while Flowgate was closed. */
export class DecisionsTakingEffect implements ScheduledTask {
  readonly name = 'approval-decisions'

  constructor(private readonly approvals: ApprovalService) {}

  nextDueAt(): number | null {
    return this.approvals.nextDecisionAt()
  }

  async run(now: number): Promise<void> {
    this.approvals.applyDueDecisions(now)
  }
}
