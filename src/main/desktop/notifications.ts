import { Notification } from 'electron'
import { newN8nRunFailureNotices, type N8nRunFailure } from './n8n-run-notices'
import { holdOf, newAutomaticHoldNotices, type HeldWorkflow } from './held-call-notices'
import { newQuietWorkflowNotices, spellOf, type QuietWorkflow } from './quiet-workflow-notices'
import { newRefusedWebhookNotice, type RefusedWebhooks } from './refused-webhook-notices'
import { newSlowWorkflowNotices, type SlowWorkflow } from './slow-workflow-notices'
import { newApprovalNotices, newExpiryNotices, noticeAction, type ExpiringApproval, type FailedExecution, type FailedWebhook, type Notice, type PendingApproval, type TrayAction, type TrayState } from './tray-model'
import { newAiBudgetNotice, newBackupFailureNotice, newExecutionFailureNotices, newFailureNotice, newIntakeDownNotice, newNotTakenNotice, newOldSecretNotice, newTunnelDownNotice } from './status-notices'

/**
 * Native notices for new high-priority approvals, approvals about to expire, failed executions,
 * webhooks refused because they cannot be stored, webhooks that failed for good, decisions n8n
 * never took, a tunnel gone quiet, failed backups, n8n still using a replaced webhook secret, the
 * AI's daily budget spent, webhooks refused for their signature, workflows not heard from for
 * longer than expected or running slower than usual, calls Flowgate held for a workflow that kept
 * failing, and runs that failed in n8n without Flowgate starting them.
 * Each is kept referenced until closed (or the OS drops it and its click handler with it); actions
 * decide where the OS offers them.
 */
export class DesktopNotifier {
  private readonly seen = new Set<number>()
  private readonly shown = new Set<Notification>()
  private primed = false
  private lastFailed: number | null = null
  private lastBackupFailure: TrayState['backupFailure'] | undefined = undefined
  private lastFailedExecutionId: number | null | undefined = undefined
  private lastTunnelDown: TrayState['tunnelDown'] | undefined = undefined
  private lastIntakeDown: TrayState['intakeDown'] | undefined = undefined
  private readonly warnedExpiring = new Set<number>()
  private lastNotTaken: number | null = null
  private lastOldSecret: boolean | undefined = undefined
  private lastAiBudgetSpent: TrayState['aiBudgetSpent'] | undefined = undefined
  private quietSpells: Set<string> | null = null
  private slowAnnounced: Map<number, number> | null = null
  private holds: Set<string> | null = null
  private lastN8nFailureEventId: number | null | undefined = undefined
  private lastRefusedAt: number | null | undefined = undefined
  private lastRefusedNoticeAt: number | null = null

  constructor(
    private readonly onAction: (action: TrayAction) => void,
    /** While true nothing pops up; what arrives meanwhile still counts as seen, so nothing is replayed after. */
    private readonly muted: () => boolean = () => false,
  ) {}

  /** The first call only learns what already waits, so a start does not replay old approvals. */
  update(highPriority: PendingApproval[]): void {
    const notices = this.primed ? newApprovalNotices(this.seen, highPriority) : []
    this.primed = true
    for (const approval of highPriority) this.seen.add(approval.id)
    this.announce(notices)
  }

  /** The queue's failed count as now read; a rise is announced once. */
  updateFailures(failed: number, newest: FailedWebhook | null): void {
    const notice = newFailureNotice(this.lastFailed, failed, newest)
    this.lastFailed = failed
    this.announce([notice])
  }

  /** The backups' last failure as now read; a new one is announced once. */
  updateBackupFailure(failure: TrayState['backupFailure']): void {
    const notice = newBackupFailureNotice(this.lastBackupFailure, failure)
    this.lastBackupFailure = failure
    this.announce([notice])
  }

  /** Approvals about to expire as now read; each is announced once. */
  updateExpiring(expiring: ExpiringApproval[], now: number): void {
    const notices = newExpiryNotices(this.warnedExpiring, expiring, now)
    for (const approval of expiring) this.warnedExpiring.add(approval.id)
    this.announce(notices)
  }

  /** Decisions n8n never took, as now read; a rise is announced once. */
  updateNotTaken(notTaken: TrayState['notTaken']): void {
    const notice = newNotTakenNotice(this.lastNotTaken, notTaken)
    this.lastNotTaken = notTaken.count
    this.announce([notice])
  }

  /** The tunnel's state as now read; going down is announced once. */
  updateTunnel(down: TrayState['tunnelDown']): void {
    const notice = newTunnelDownNotice(this.lastTunnelDown, down)
    this.lastTunnelDown = down
    this.announce([notice])
  }

  /** Why webhooks are refused, as now read; starting to be is announced once. */
  updateIntake(down: TrayState['intakeDown']): void {
    const notice = newIntakeDownNotice(this.lastIntakeDown, down)
    this.lastIntakeDown = down
    this.announce([notice])
  }

  /** Whether n8n still uses the replaced webhook secret, as now read; starting to is announced once. */
  updateOldSecret(inUse: boolean): void {
    const notice = newOldSecretNotice(this.lastOldSecret, inUse)
    this.lastOldSecret = inUse
    this.announce([notice])
  }

  /** Whether today's AI budget is spent, as now read; becoming spent is announced once. */
  updateAiBudget(spent: TrayState['aiBudgetSpent']): void {
    const notice = newAiBudgetNotice(this.lastAiBudgetSpent, spent)
    this.lastAiBudgetSpent = spent
    this.announce([notice])
  }

  /** Workflows quieter than expected, as now read; each new quiet spell is announced once. */
  updateQuietWorkflows(quiet: QuietWorkflow[], now: number): void {
    const notices = newQuietWorkflowNotices(this.quietSpells, quiet, now)
    this.quietSpells = new Set(quiet.map(spellOf))
    this.announce(notices)
  }

  /** Workflows slower than usual, as now read; each is announced at most once a day. */
  updateSlowWorkflows(slow: SlowWorkflow[], now: number): void {
    const { notices, announced } = newSlowWorkflowNotices(this.slowAnnounced, slow, now)
    this.slowAnnounced = announced
    this.announce(notices)
  }

  /** Webhooks refused for their signature, as now read; new refusals are announced, at most once an hour. */
  updateRefusedWebhooks(refused: RefusedWebhooks, now: number): void {
    const notice = newRefusedWebhookNotice(this.lastRefusedAt, this.lastRefusedNoticeAt, refused, now)
    this.lastRefusedAt = refused.lastAt ?? this.lastRefusedAt ?? null
    if (notice) this.lastRefusedNoticeAt = now
    this.announce([notice])
  }

  /** Workflows whose calls are held, as now read; each hold Flowgate made itself is announced once. */
  updateHeldWorkflows(held: HeldWorkflow[]): void {
    const notices = newAutomaticHoldNotices(this.holds, held)
    this.holds = new Set(held.map(holdOf))
    this.announce(notices)
  }

  /** The newest failed executions as now read; new ones are announced unless turned off (still counted as seen). */
  updateExecutionFailures(failed: FailedExecution[], announce: boolean): void {
    const notices = newExecutionFailureNotices(this.lastFailedExecutionId, failed)
    this.lastFailedExecutionId = Math.max(this.lastFailedExecutionId ?? 0, failed[0]?.id ?? 0) || null
    if (announce) this.announce(notices)
  }

  /** Runs that failed in n8n on their own, as now read; new ones are announced unless turned off (still counted as seen). */
  updateN8nRunFailures(failures: N8nRunFailure[], announce: boolean): void {
    const notices = newN8nRunFailureNotices(this.lastN8nFailureEventId, failures)
    this.lastN8nFailureEventId = Math.max(this.lastN8nFailureEventId ?? 0, failures[0]?.eventId ?? 0) || null
    if (announce) this.announce(notices)
  }

  /** Shows the notices there are, where the OS has notifications at all. */
  private announce(notices: (Notice | null)[]): void {
    if (!Notification.isSupported() || this.muted()) return
    for (const notice of notices) if (notice) this.show(notice)
  }

  private show(notice: Notice): void {
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      actions: notice.actions.map((text) => ({ type: 'button' as const, text })),
    })
    notification.on('click', () => this.onAction(notice.click))
    notification.on('action', (_event, index) => {
      const action = noticeAction(notice, index)
      if (action) this.onAction(action)
    })
    notification.on('close', () => this.shown.delete(notification))
    this.shown.add(notification)
    notification.show()
  }
}
