import { inboxRank } from '../db/schema'
import type Database from 'better-sqlite3'
import { FlowgateError } from '../../../shared/errors'
import { BULK_LIMIT, type Approval } from '../../../shared/schemas/approvals'
import type { ApprovalRequest } from '../../../shared/schemas/webhooks'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { DecisionSource } from '../db/enums'
import type { Outbox } from '../dispatch/outbox'
import type { ExecutionService } from '../executions/execution-service'
import type { Monitor } from '../monitor'
import type { PushBus } from '../push'
import { shownApprovalColumns, toApproval, type ApprovalRow } from './approval-row'
import { approvalFilter, type ApprovalFilter } from './approval-filter'
import { verdictOf, type Decision, type DecisionInput, type Verdict } from './verdict'
import { inTransaction } from '../db/transaction'
import { resendDecision } from './resend-decision'
import { extendExpiry } from './extend-expiry'
import { UndoableDecisions } from './undoable-decisions'
import { isoTime as iso } from '../../../shared/text'
import { dataChanges } from '../../../shared/data-changes'

export interface UndoResult {
  undone: number[]
  skipped: { id: number; reason: string }[]
}

/** Doors where a person clicks, so a slip can happen: their decisions wait out the undo window. */
const undoableDoors: ReadonlySet<DecisionSource> = new Set(['window', 'tray', 'notification'])

const parsed = (json: string | null): unknown => (json === null ? null : JSON.parse(json))

/** An approval with a decision in its undo window. */
const waitingUndo = 'id in (select approval_id from undoable_decisions)'

export interface ApprovalDeps {
  sqlite: Database.Database
  clock: Clock
  monitor: Monitor
  push: PushBus
  outbox: Outbox
  executions: ExecutionService
  config: () => Config
  wake: () => void
}

const eventOf: Record<Decision, string> = { approved: 'approval_granted', rejected: 'approval_rejected', expired: 'approval_expired' }

/**
 * Approvals and their effects. A decision is one conditional UPDATE (`… and status = 'pending'`),
 * so of any number of racing attempts exactly one wins; its effects (dispatch, cancel, resume n8n
 * through the outbox) are written in the same transaction.
 */
export class ApprovalService {
  private readonly s
  private readonly undoable

  constructor(private readonly deps: ApprovalDeps) {
    const db = deps.sqlite
    this.undoable = new UndoableDecisions(db)
    this.s = {
      get: db.prepare('select * from workflow_approvals where id = ?'),
      shown: db.prepare(`select ${shownApprovalColumns} from workflow_approvals where id = ?`),
      byResumeUrl: db.prepare('select id from workflow_approvals where resume_url = ?').pluck(),
      insert: db.prepare(
        `insert into workflow_approvals (execution_id, workflow_id, n8n_execution_id, resume_url, queue_item_id, approval_type, approval_title, approval_description,
           approval_data, status, priority, expires_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) returning id`,
      ),
      decide: db.prepare(
        `update workflow_approvals set status = @status, decided_by = @by, decided_at = @now, decision_reason = @reason,
           decision_source = @source, approved_data = @approvedData, auto_approval_confidence = coalesce(@confidence, auto_approval_confidence), updated_at = @now
         where id = @id and status = 'pending' and (@status = 'expired' or expires_at is null or expires_at > @now)
           and not exists (select 1 from undoable_decisions u where u.approval_id = @id)`,
      ),
      // A decision in its undo window was made before the expiry: the approval waits for it.
      due: db.prepare(`select id from workflow_approvals where status = 'pending' and expires_at <= ? and not ${waitingUndo} order by expires_at limit 200`).pluck(),
      nextExpiry: db.prepare(`select min(expires_at) from workflow_approvals where status = 'pending' and not ${waitingUndo}`).pluck(),
      executionOf: db.prepare('select id from workflow_executions where id = ? and workflow_id = ?').pluck(),
    }
  }

  /** n8n paused on a Wait node and asks for a decision (in webhook `queueItemId`). A repeat of the same request is ignored. */
  requestFromN8n(workflowId: number, request: ApprovalRequest, queueItemId: number | null = null): number {
    const existing = this.s.byResumeUrl.get(request.resume_url) as number | undefined
    if (existing) return existing
    const now = this.deps.clock.now()
    const executionId = request.execution_id && this.s.executionOf.get(request.execution_id, workflowId) ? request.execution_id : null
    const hours = request.expires_in_hours ?? this.deps.config().WORKFLOW_APPROVAL_TIMEOUT_HOURS
    const { id } = this.s.insert.get(
      executionId,
      workflowId,
      request.n8n_execution_id,
      request.resume_url,
      queueItemId,
      request.approval_type,
      request.title,
      request.description ?? null,
      request.data === undefined ? null : JSON.stringify(request.data),
      request.priority ?? 'medium',
      now + hours * 3_600_000,
      now,
      now,
    ) as { id: number }
    this.deps.monitor.record({ eventType: 'approval_required', severity: 'info', workflowId, executionId, data: { approvalId: id, type: request.approval_type, title: request.title, priority: request.priority ?? 'medium' } })
    this.deps.push.emit('approvals.changed', { id, status: 'pending' })
    this.deps.wake()
    return id
  }

  list(filter: ApprovalFilter & { page: number; page_size: number }): { items: Approval[]; total: number; page: number; page_size: number } {
    const { sql: where, params } = approvalFilter(filter, this.deps.clock.now())
    const total = this.deps.sqlite.prepare(`select count(*) from workflow_approvals ${where}`).pluck().get(...params) as number
    // The inbox order: most urgent first, then oldest first.
    const rows = this.deps.sqlite
      .prepare(`select ${shownApprovalColumns} from workflow_approvals ${where} order by ${inboxRank}, created_at, id limit ? offset ?`)
      .all(...params, filter.page_size, (filter.page - 1) * filter.page_size) as ApprovalRow[]
    return { items: rows.map(toApproval), total, page: filter.page, page_size: filter.page_size }
  }

  /** One approval as the consoles see it, with any decision still in its undo window. */
  get(id: number): Approval {
    return toApproval(this.row(id, this.s.shown))
  }

  /** A person's decision in Flowgate waits out the undo window (if one is set); others take effect at once. */
  decide(id: number, input: DecisionInput): Approval {
    const now = this.deps.clock.now()
    const verdict = this.unlessUnchanged(id, verdictOf(input))
    const window = this.undoWindowMs(input.source)
    if (window > 0) {
      if (!this.defer(id, verdict, now, now + window)) throw new FlowgateError('conflict', this.describeStanding(this.row(id)))
      this.deferred([id])
      return this.get(id)
    }
    if (!this.apply(id, verdict)) throw new FlowgateError('conflict', this.describeStanding(this.row(id)))
    return this.get(id)
  }

  /** Data sent back exactly as asked is no change: the approval reads "approved as asked". */
  private unlessUnchanged(id: number, verdict: Verdict): Verdict {
    if (verdict.approvedData === null) return verdict
    const asked = this.row(id).approval_data
    const same = asked !== null && JSON.stringify(JSON.parse(asked)) === verdict.approvedData
    return same ? { ...verdict, approvedData: null } : verdict
  }

  /** One transaction for the whole selection: a thousand decisions cost one commit, not a thousand. */
  bulk(ids: number[], input: DecisionInput): { decided: number[]; skipped: { id: number; reason: string }[]; takes_effect_at: number | null } {
    const now = this.deps.clock.now()
    const window = this.undoWindowMs(input.source)
    const verdict = verdictOf({ ...input, approvedData: undefined }, 'bulk')
    if (window > 0) return this.deferMany(ids, verdict, now, now + window)
    const decidedRows: ApprovalRow[] = []
    const skipped: { id: number; reason: string }[] = []
    inTransaction(this.deps.sqlite, () => {
      for (const id of new Set(ids)) {
        const row = this.s.get.get(id) as ApprovalRow | undefined
        const decided = row && this.decideRow(id, verdict, now)
        if (decided) decidedRows.push(decided)
        else skipped.push({ id, reason: this.standing(id) })
      }
    })
    for (const row of decidedRows) this.announce(row, verdict)
    if (decidedRows.length) this.deps.wake()
    return { decided: decidedRows.map((row) => row.id), skipped, takes_effect_at: null }
  }

  /**
   * Every pending approval the inbox's filter shows, most urgent first — those with a decision
   * waiting left out — decided as one bulk, up to BULK_LIMIT per call.
   */
  bulkShown(filter: Omit<ApprovalFilter, 'status'>, input: DecisionInput): ReturnType<ApprovalService['bulk']> & { remaining: number } {
    const { sql: where, params } = approvalFilter({ ...filter, status: 'pending' }, this.deps.clock.now())
    const matching = `from workflow_approvals ${where} and not ${waitingUndo}`
    const total = this.deps.sqlite.prepare(`select count(*) ${matching}`).pluck().get(...params) as number
    const ids = this.deps.sqlite.prepare(`select id ${matching} order by ${inboxRank}, created_at, id limit ?`).pluck().all(...params, BULK_LIMIT) as number[]
    return { ...this.bulk(ids, input), remaining: total - ids.length }
  }

  /** Takes back decisions still inside their undo window: the approvals are pending again, nothing was sent. */
  undo(ids: number[]): UndoResult {
    const now = this.deps.clock.now()
    const undone: number[] = []
    const skipped: UndoResult['skipped'] = []
    inTransaction(this.deps.sqlite, () => {
      for (const id of new Set(ids)) {
        if (this.undoable.undo(id, now)) undone.push(id)
        else skipped.push({ id, reason: this.whyNotUndone(id) })
      }
    })
    for (const id of undone) {
      const row = this.row(id)
      this.deps.monitor.record({ eventType: 'approval_decision_undone', severity: 'info', workflowId: row.workflow_id, executionId: row.execution_id, data: { approvalId: id } })
      // Not 'pending': that status announces a new approval, which the auto-approver looks at.
      this.deps.push.emit('approvals.changed', { id, status: 'undone' })
    }
    if (undone.length) this.deps.wake()
    return { undone, skipped }
  }

  /** Sends the decision to n8n again after its call failed for good (see resend-decision.ts). */
  resend(id: number): Approval {
    const { sqlite, clock, outbox, push, wake } = this.deps
    resendDecision({ sqlite, clock, outbox, resent: () => (push.emit('approvals.changed', { id, status: 'resent' }), wake()) }, id)
    return this.get(id)
  }

  /** More time before it expires (see extend-expiry.ts). */
  extend(id: number, hours: number): Approval {
    const { sqlite, clock, monitor, push, wake } = this.deps
    // Not 'pending': that status announces a new approval, which the auto-approver looks at.
    extendExpiry({ sqlite, clock, monitor, extended: () => (push.emit('approvals.changed', { id, status: 'extended' }), wake()) }, id, hours)
    return this.get(id)
  }

  nextDecisionAt(): number | null {
    return this.undoable.nextAt()
  }

  /** Decisions whose undo window has passed take effect, each as made when the person decided. */
  applyDueDecisions(now: number): number {
    const applied: { row: ApprovalRow; verdict: Verdict }[] = []
    inTransaction(this.deps.sqlite, () => {
      for (const waiting of this.undoable.due(now)) {
        this.undoable.take(waiting.approval_id)
        const { approval_id: id, decision, approver: by, reason, source, approved_data: approvedData, decided_at: decidedAt } = waiting
        const verdict: Verdict = { decision, by, reason, source, auto: false, confidence: null, approvedData }
        const row = this.decideRow(id, verdict, decidedAt)
        if (row) applied.push({ row, verdict })
      }
    })
    for (const { row, verdict } of applied) this.announce(row, verdict)
    if (applied.length) this.deps.wake()
    return applied.length
  }

  private undoWindowMs(door: DecisionSource): number {
    return undoableDoors.has(door) ? this.deps.config().APPROVAL_UNDO_SECONDS * 1000 : 0
  }

  private defer(id: number, verdict: Verdict, now: number, takesEffectAt: number): boolean {
    const { decision, by: approver, reason, source, approvedData } = verdict
    if (decision === 'expired') return false
    return this.undoable.add({ id, decision, approver, reason, source, approved_data: approvedData, now, takesEffectAt })
  }

  private deferMany(ids: number[], verdict: Verdict, now: number, takesEffectAt: number) {
    const decided: number[] = []
    const skipped: { id: number; reason: string }[] = []
    inTransaction(this.deps.sqlite, () => {
      for (const id of new Set(ids)) {
        if (this.defer(id, verdict, now, takesEffectAt)) decided.push(id)
        else skipped.push({ id, reason: this.standing(id) })
      }
    })
    this.deferred(decided)
    return { decided, skipped, takes_effect_at: decided.length ? takesEffectAt : null }
  }

  /** The consoles show the decisions now waiting; the scheduler wakes when their window ends. */
  private deferred(ids: number[]): void {
    for (const id of ids) this.deps.push.emit('approvals.changed', { id, status: 'decision_waiting' })
    if (ids.length) this.deps.wake()
  }

  nextExpiryAt(): number | null {
    return (this.s.nextExpiry.get() as number | null) ?? null
  }

  /** Pending approvals past their time become expired, with the same effects as a rejection. */
  expireDue(now: number): number {
    let expired = 0
    const verdict: Verdict = { decision: 'expired', by: 'flowgate', reason: 'no decision in time', source: 'expiry', auto: false, confidence: null, approvedData: null }
    for (const id of this.s.due.all(now) as number[]) if (this.apply(id, verdict)) expired += 1
    return expired
  }

  private apply(id: number, verdict: Verdict): boolean {
    const now = this.deps.clock.now()
    const row = inTransaction(this.deps.sqlite, () => this.decideRow(id, verdict, now))
    if (!row) return false
    this.announce(row, verdict)
    this.deps.wake()
    return true
  }

  /** The conditional decision and its effects; inside the caller's transaction. Null: lost the race. */
  private decideRow(id: number, verdict: Verdict, now: number): ApprovalRow | null {
    const { decision: status, by, reason, source, confidence, approvedData } = verdict
    if (this.s.decide.run({ id, status, by, reason, source, confidence, approvedData, now }).changes === 0) return null
    const decided = this.row(id)
    this.effects(decided, verdict, now)
    return decided
  }

  /** After the commit: the event log and the consoles hear of it. */
  private announce(row: ApprovalRow, { decision, by, reason, source, approvedData }: Verdict): void {
    const changed = approvedData === null ? {} : { changed: dataChanges(parsed(row.approval_data), JSON.parse(approvedData)).map((c) => c.path) }
    this.deps.monitor.record({
      eventType: eventOf[decision],
      severity: decision === 'approved' ? 'info' : 'warning',
      executionId: row.execution_id,
      data: { approvalId: row.id, by, reason, source, ...changed },
    })
    this.deps.push.emit('approvals.changed', { id: row.id, status: decision })
  }

  /**
   * n8n hears the decision — with the data as approved, changed or not, so a workflow reads one
   * field — or a gated execution is sent (with the changed data as its input) or cancelled.
   */
  private effects(row: ApprovalRow, { decision, by, reason, auto, confidence, approvedData }: Verdict, now: number): void {
    if (row.resume_url) {
      const approved = decision === 'approved' ? { data: parsed(approvedData ?? row.approval_data) ?? {}, data_changed: approvedData !== null } : {}
      this.deps.outbox.add(
        {
          kind: 'resume',
          targetUrl: row.resume_url,
          approvalId: row.id,
          executionId: row.execution_id ?? undefined,
          body: { decision, approval_id: row.id, approver: by, reason, auto, confidence, ...approved },
        },
        now,
      )
      return
    }
    if (row.execution_id === null) return
    if (decision === 'approved') this.deps.executions.dispatch(row.execution_id, approvedData ?? undefined)
    else this.deps.executions.finish(row.execution_id, 'cancelled', null, `approval ${decision}${reason ? `: ${reason}` : ''}`)
  }

  /** Why an approval cannot take a decision: it does not exist, one waits, it was decided or expired. */
  private standing(id: number): string {
    const row = this.s.get.get(id) as ApprovalRow | undefined
    return row ? this.describeStanding(row) : `Approval ${id} does not exist`
  }

  private whyNotUndone(id: number): string {
    const row = this.s.get.get(id) as ApprovalRow | undefined
    if (!row) return `Approval ${id} does not exist`
    const waiting = this.undoable.get(id)
    if (waiting) return `Approval ${id}'s decision took effect at ${iso(waiting.takes_effect_at)} and can no longer be undone`
    if (row.status === 'pending') return `Approval ${id} has no decision to undo`
    return `${this.describeStanding(row)}; that can no longer be undone`
  }

  private describeStanding(row: ApprovalRow): string {
    const waiting = this.undoable.get(row.id)
    if (waiting) return `Approval ${row.id} was just ${waiting.decision} by ${waiting.approver}; that takes effect at ${iso(waiting.takes_effect_at)} unless undone`
    if (row.status === 'pending') return `Approval ${row.id} expired at ${iso(row.expires_at ?? 0)} and can no longer be decided`
    const when = row.decided_at ? ` at ${iso(row.decided_at)}` : ''
    return `Approval ${row.id} was already ${row.status}${row.decided_by ? ` by ${row.decided_by}` : ''}${when}`
  }

  private row(id: number, statement = this.s.get): ApprovalRow {
    const row = statement.get(id) as ApprovalRow | undefined
    if (!row) throw new FlowgateError('not_found', `Approval ${id} does not exist`)
    return row
  }
}
