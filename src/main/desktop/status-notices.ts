/**
 * Notices for a change in what Flowgate reports — a failure, a tunnel gone, a secret still in
 * use — each given once, as the change happens: never at the first look, so a start does not
 * replay what was already so.
 */
import { creditsSaid } from '../../shared/ai-spend'
import { standingFailuresToday, unstoredWebhookEvents } from '../../shared/list-links'
import { sentenceCase } from '../../shared/text'
import { GROUP_AT, shorten, type FailedExecution, type FailedWebhook, type Notice, type TrayState } from './tray-model'

const NOTICE_MESSAGE_LENGTH = 160

/**
 * One notice when more webhooks have failed for good than at the last look, saying why the newest
 * did, and opening it; none at the first look (`previous` null: a start does not replay old
 * failures) or when failures were cleared.
 */
export function newFailureNotice(previous: number | null, current: number, newest: FailedWebhook | null = null): Notice | null {
  if (previous === null || current <= previous) return null
  const added = current - previous
  const which = newest?.workflow ? `"${newest.workflow}": ` : ''
  return {
    title: added === 1 ? 'A webhook failed for good' : `${added} webhooks failed for good`,
    body: newest?.error
      ? `${which}${shorten(newest.error, NOTICE_MESSAGE_LENGTH)} — open it to correct and replay.`
      : 'Flowgate could not process what n8n sent. Open the webhook queue to see why and replay it.',
    click: newest ? { kind: 'openQueue', id: newest.id } : { kind: 'openQueue' },
    approvalId: null,
    actions: [],
  }
}

/**
 * One notice when more decisions than at the last look were never taken by n8n; none at the first
 * look. A click opens the first of them, where it can be sent again.
 */
export function newNotTakenNotice(previous: number | null, current: TrayState['notTaken']): Notice | null {
  if (previous === null || current.count <= previous || current.firstId === null) return null
  const added = current.count - previous
  return {
    title: added === 1 ? 'n8n did not take a decision' : `n8n did not take ${added} decisions`,
    body: 'Its execution still waits in n8n. Open the approval to see why and send the decision again.',
    click: { kind: 'openApproval', id: current.firstId },
    approvalId: null,
    actions: [],
  }
}

/**
 * One notice for each backup failure not seen before; none at the first look (`previous`
 * undefined: a start does not replay an old failure).
 */
export function newBackupFailureNotice(previous: TrayState['backupFailure'] | undefined, current: TrayState['backupFailure']): Notice | null {
  if (previous === undefined || !current || current.at === previous?.at) return null
  return {
    title: 'A backup failed',
    body: `${shorten(current.message, NOTICE_MESSAGE_LENGTH)} — Flowgate tries again within the hour; Settings shows the backup folder.`,
    click: { kind: 'openSettings' },
    approvalId: null,
    actions: [],
  }
}

/** Something that just began: not at the first look (`previous` undefined), nor again while it lasts. */
const began = <T>(previous: T | null | undefined, current: T | null): current is T => previous === null && current !== null

/**
 * One notice when webhooks start being refused because they cannot be stored (a full disk, a
 * database another program holds): n8n is told to send each again, so nothing is lost yet, but
 * nothing comes in until it is fixed.
 */
export function newIntakeDownNotice(previous: TrayState['intakeDown'] | undefined, current: TrayState['intakeDown']): Notice | null {
  if (!began(previous, current)) return null
  return {
    title: 'Webhooks are refused: they cannot be stored',
    body: `${sentenceCase(shorten(current, NOTICE_MESSAGE_LENGTH))} — free space on the data folder's disk, or close what holds the database.`,
    click: { kind: 'openList', link: unstoredWebhookEvents },
    approvalId: null,
    actions: [],
  }
}

/**
 * One notice when the tunnel stops reaching Flowgate (not at the first look, nor again while it
 * stays down): webhooks from n8n fail until it is back.
 */
export function newTunnelDownNotice(previous: TrayState['tunnelDown'] | undefined, current: TrayState['tunnelDown']): Notice | null {
  if (!began(previous, current)) return null
  return {
    title: 'n8n cannot reach Flowgate',
    body: `${shorten(current, NOTICE_MESSAGE_LENGTH)} — webhooks from n8n fail until the tunnel is back; check that it runs.`,
    click: { kind: 'openSettings' },
    approvalId: null,
    actions: [],
  }
}

/**
 * One notice when n8n starts using the webhook secret a rotation replaced (not at the first look,
 * nor again while it does): its calls fail once the old secret stops being accepted.
 */
export function newOldSecretNotice(previous: boolean | undefined, current: boolean): Notice | null {
  if (previous === undefined || previous || !current) return null
  return {
    title: 'n8n still uses the previous webhook secret',
    body: "Put the current secret in n8n's credentials before the old one stops being accepted; Settings says until when.",
    click: { kind: 'openSettings' },
    approvalId: null,
    actions: [],
  }
}

/**
 * One notice when today's AI budget becomes spent (not at the first look, nor again while it
 * stays spent): from then on every new approval waits for the operator.
 */
export function newAiBudgetNotice(previous: TrayState['aiBudgetSpent'] | undefined, current: TrayState['aiBudgetSpent']): Notice | null {
  if (!began(previous, current)) return null
  return {
    title: "Today's AI budget is spent",
    body: `The model cost ${creditsSaid(current.spent)} of ${creditsSaid(current.budget)} today: new approvals wait for you until midnight UTC, or raise the budget in Settings.`,
    click: { kind: 'openSettings' },
    approvalId: null,
    actions: [],
  }
}

/** How many of the newest failed executions the tray reads; more new ones at once read as "N+". */
export const FAILED_EXECUTIONS_READ = 20

/**
 * Notices for executions that failed since the last look (ids above `lastSeenId`; null: none had
 * failed before): one each for a few, one grouped notice for a burst; none at the first look
 * (`lastSeenId` undefined: a start does not replay old failures). A click opens the execution,
 * or, for a burst, today's failures not retried yet.
 */
export function newExecutionFailureNotices(lastSeenId: number | null | undefined, failed: FailedExecution[]): Notice[] {
  if (lastSeenId === undefined) return []
  const fresh = failed.filter((execution) => lastSeenId === null || execution.id > lastSeenId)
  if (fresh.length === 0) return []
  if (fresh.length >= GROUP_AT) {
    const count = fresh.length >= FAILED_EXECUTIONS_READ ? `${FAILED_EXECUTIONS_READ}+` : String(fresh.length)
    const workflows = [...new Set(fresh.map((execution) => execution.workflow))]
    return [
      {
        title: `${count} executions failed`,
        body: `${workflows.slice(0, 3).join(', ')}${workflows.length > 3 ? ', …' : ''}`,
        click: { kind: 'openList', link: standingFailuresToday },
        approvalId: null,
        actions: [],
      },
    ]
  }
  return fresh.map((execution) => ({
    title: `Execution #${execution.id} failed: ${shorten(execution.workflow)}`,
    body: shorten(execution.error ?? 'No error message', NOTICE_MESSAGE_LENGTH),
    click: { kind: 'openExecution', id: execution.id },
    approvalId: null,
    actions: [],
  }))
}
