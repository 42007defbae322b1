import { Notification } from 'electron'
import { newApprovalNotices, type Notice, type PendingApproval, type TrayAction } from './tray-model'

/**
 * Native notices for new high-priority approvals. Each is kept referenced until closed (or
 * the OS drops it and its click handler with it); actions decide where the OS offers them.
 */
export class ApprovalNotifier {
  private readonly seen = new Set<number>()
  private readonly shown = new Set<Notification>()
  private primed = false

  constructor(private readonly onAction: (action: TrayAction) => void) {}

  /** The first call only learns what already waits, so a start does not replay old approvals. */
  update(highPriority: PendingApproval[]): void {
    const notices = this.primed ? newApprovalNotices(this.seen, highPriority) : []
    this.primed = true
    for (const approval of highPriority) this.seen.add(approval.id)
    if (!Notification.isSupported()) return
    for (const notice of notices) this.show(notice)
  }

  private show(notice: Notice): void {
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      actions: notice.actions.map((text) => ({ type: 'button' as const, text })),
    })
    const id = notice.approvalId
    notification.on('click', () => this.onAction(id === null ? { kind: 'open' } : { kind: 'openApproval', id }))
    notification.on('action', (_event, index) => {
      if (id === null) return
      this.onAction({ kind: 'decide', id, decision: notice.actions[index] === 'Approve' ? 'approved' : 'rejected' })
    })
    notification.on('close', () => this.shown.delete(notification))
    this.shown.add(notification)
    notification.show()
  }
}
