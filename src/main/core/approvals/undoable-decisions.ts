import type Database from 'better-sqlite3'
import type { DecisionSource } from '../db/enums'

export interface UndoableDecision {
  approval_id: number
  decision: 'approved' | 'rejected'
  approver: string
  reason: string | null
  /** The data as changed before approving (JSON text), or null. */
  approved_data: string | null
  source: DecisionSource
  decided_at: number
  takes_effect_at: number
}

/** The subquery that shows an approval's decision still in its undo window (JSON, or null). */
export const pendingDecisionColumn = `(select json_object('decision', u.decision, 'approver', u.approver, 'takes_effect_at', u.takes_effect_at,
    'with_changes', json(iif(u.approved_data is null, 'false', 'true')))
  from undoable_decisions u where u.approval_id = workflow_approvals.id) as pending_decision`

/**
 * A person's decisions waiting out their undo window. The approval stays pending meanwhile;
 * the decision then takes effect as if made at `decided_at`, so its expiry counts from the click.
 */
export class UndoableDecisions {
  private readonly s

  constructor(sqlite: Database.Database) {
    this.s = {
      // Only a pending, unexpired approval with no decision waiting already takes one.
      add: sqlite.prepare(
        `insert into undoable_decisions (approval_id, decision, approver, reason, approved_data, source, decided_at, takes_effect_at)
         select id, @decision, @approver, @reason, @approved_data, @source, @now, @takesEffectAt from workflow_approvals
         where id = @id and status = 'pending' and (expires_at is null or expires_at > @now)
         on conflict (approval_id) do nothing`,
      ),
      get: sqlite.prepare('select * from undoable_decisions where approval_id = ?'),
      undo: sqlite.prepare('delete from undoable_decisions where approval_id = ? and takes_effect_at > ?'),
      due: sqlite.prepare('select * from undoable_decisions where takes_effect_at <= ? order by takes_effect_at, approval_id limit 200'),
      take: sqlite.prepare('delete from undoable_decisions where approval_id = ?'),
      next: sqlite.prepare('select min(takes_effect_at) from undoable_decisions').pluck(),
    }
  }

  /** False when the approval cannot take a decision now (decided, expired, or one waits). */
  add(decision: Omit<UndoableDecision, 'approval_id' | 'decided_at' | 'takes_effect_at'> & { id: number; now: number; takesEffectAt: number }): boolean {
    return this.s.add.run(decision).changes > 0
  }

  get(approvalId: number): UndoableDecision | undefined {
    return this.s.get.get(approvalId) as UndoableDecision | undefined
  }

  /** True when the decision was still inside its window and is now gone. */
  undo(approvalId: number, now: number): boolean {
    return this.s.undo.run(approvalId, now).changes > 0
  }

  due(now: number): UndoableDecision[] {
    return this.s.due.all(now) as UndoableDecision[]
  }

  /** Removes a due decision so it can take effect; inside the caller's transaction. */
  take(approvalId: number): void {
    this.s.take.run(approvalId)
  }

  nextAt(): number | null {
    return (this.s.next.get() as number | null) ?? null
  }
}
