import { useCallback, useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { AiAssessment } from '../components/AiAssessment'
import { MessagePreview } from '../components/MessagePreview'
import { previewWarnings } from '../lib/approval-preview'
import { EXPIRY_WARNING_MINUTES, type Approval, type ResumeCall } from '../../../shared/schemas/approvals'
import { plural } from '../../../shared/text'
import { EmptyState, ErrorNote, ListRow, OutcomeNote, ScreenHeader, StatusPill, TickBox } from '../components/common'
import { ExportButton } from '../components/ExportButton'
import { WebhookLink } from '../components/WebhookLink'
import { PeriodSelect } from '../components/PeriodSelect'
import { N8nExecutionLink } from '../components/N8nExecutionLink'
import { SearchBox } from '../components/SearchBox'
import { UndoOffer } from '../components/UndoOffer'
import { VirtualList } from '../components/VirtualList'
import { WorkflowSelect } from '../components/WorkflowSelect'
import { dateTime, relativeTime } from '../lib/format'
import { resumeCallText } from '../lib/resume-call'
import { useServices } from '../services/context'
import { approvalQuery, useApprovals, useInbox, type ApprovalFilter } from '../stores/approvals'
import { inboxCommand, keyPressOf, moveCursor } from '../stores/screen-keys'
import { useNavigation } from '../stores/navigation'
import { DecideShown } from './DecideShown'
import { ApprovalData, canChangeData } from '../components/ApprovalData'
import { Precedents, ReasonsGivenBefore, usePrecedents } from '../components/Precedents'
import { checkDraft } from '../lib/approval-draft'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'

const ROW_HEIGHT = 56
const HOUR = 3_600_000

/** Pending, undecided and within the hour of its expiry: the row says so. */
const expiresSoon = (approval: Approval, now = Date.now()) =>
  approval.status === 'pending' && !approval.pending_decision && approval.expires_at !== null && approval.expires_at - now <= HOUR

/** The expiry filters offered: the tray's warning, an hour, a day, and any other a link asked for. */
const expiryChoices = (current: number | undefined) => [...new Set([EXPIRY_WARNING_MINUTES, 60, 1440, ...(current ? [current] : [])])].sort((a, b) => a - b)
const expiryLabel = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`)

export function ApprovalsScreen() {
  const services = useServices()
  const list = useApprovals()
  const inbox = useInbox()
  const names = useWorkflowNames((s) => s.names)
  const openId = useNavigation((s) => (s.screen === 'approvals' ? s.id : null))
  const go = useNavigation((s) => s.go)
  const [fetched, setFetched] = useState<Approval | null>(null)
  const openIndex = openId ? list.items.findIndex((a) => a.id === openId) : -1

  // An approval opened by id (a notification, a link) that is not in the loaded list; read
  // again whenever the list is, so a decision made elsewhere (the tray, the API) shows here too.
  useEffect(() => {
    if (!openId || openIndex >= 0) return
    let live = true
    services.call('approvals.get', { id: openId }).then(
      (approval) => live && setFetched(approval),
      () => live && setFetched(null),
    )
    return () => {
      live = false
    }
  }, [services, openId, openIndex, list.items])

  const opened = openId && openIndex < 0 && fetched?.id === openId ? fetched : null
  const cursor = openIndex >= 0 ? openIndex : Math.min(inbox.cursor, Math.max(0, list.items.length - 1))
  const current = opened ?? list.items[cursor] ?? null

  /** Moving in the list leaves whatever was opened by id. */
  const moveTo = useCallback(
    (index: number) => {
      useInbox.getState().setCursor(index)
      if (useNavigation.getState().id) go({ screen: 'approvals', id: null })
    },
    [go],
  )

  /** A decision that can be undone leaves the row in the list, so the cursor moves on to the next. */
  const decideAndMoveOn = useCallback(
    async (approval: Approval, decision: 'approved' | 'rejected') => {
      await useInbox.getState().decide(services, approval, decision)
      const items = useApprovals.getState().items
      const index = items.findIndex((a) => a.id === approval.id)
      if (useInbox.getState().undoable && index >= 0) moveTo(moveCursor(index, 1, items.length))
    },
    [services, moveTo],
  )

  const onKey = useCallback(
    (event: KeyboardEvent) => {
      const command = inboxCommand(keyPressOf(event))
      if (!command) return
      event.preventDefault()
      const { toggle, undo, busy, editDraft } = useInbox.getState()
      const items = useApprovals.getState().items
      if (command === 'down' || command === 'up') moveTo(moveCursor(cursor, command === 'down' ? 1 : -1, items.length))
      else if (command === 'select' && items[cursor]) toggle(items[cursor].id)
      else if (command === 'undo' && !busy) void undo(services)
      else if (command === 'edit' && current && canChangeData(current)) editDraft(current)
      else if ((command === 'approve' || command === 'reject') && current?.status === 'pending' && !current.pending_decision && !busy) {
        void decideAndMoveOn(current, command === 'approve' ? 'approved' : 'rejected')
      }
    },
    [services, current, cursor, moveTo, decideAndMoveOn],
  )

  useEffect(() => {
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onKey])

  const setFilter = (patch: Partial<ApprovalFilter>) => {
    moveTo(0)
    inbox.clearSelection()
    void list.setFilter(services, patch)
  }
  const loadMore = useCallback(() => void useApprovals.getState().loadMore(services), [services])

  return (
    <section className="screen split" aria-labelledby="approvals-title">
      <div className="pane list-pane">
        <ScreenHeader title="Approvals">
          <select aria-label="Status" value={list.filter.status ?? ''} onChange={(e) => setFilter({ status: (e.target.value || undefined) as ApprovalFilter['status'] })}>
            <option value="">All statuses</option>
            <option value="pending">Pending</option>
            <option value="approved">Approved</option>
            <option value="rejected">Rejected</option>
            <option value="expired">Expired</option>
          </select>
          <select aria-label="Priority" value={list.filter.priority ?? ''} onChange={(e) => setFilter({ priority: (e.target.value || undefined) as ApprovalFilter['priority'] })}>
            <option value="">Any priority</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
          <select
            aria-label="Expiry"
            value={list.filter.expiring_within_minutes ?? ''}
            onChange={(e) => setFilter({ expiring_within_minutes: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">Any expiry</option>
            {expiryChoices(list.filter.expiring_within_minutes).map((minutes) => (
              <option key={minutes} value={minutes}>
                Expiring within {expiryLabel(minutes)}
              </option>
            ))}
          </select>
          <WorkflowSelect value={list.filter.workflow_id} onChange={(workflow_id) => setFilter({ workflow_id })} />
          <SearchBox label="Search approvals" placeholder="Search  ( / )" value={list.filter.search} onSearch={(search) => setFilter({ search })} />
          <PeriodSelect label="Requested" what="Requested" value={list.filter.period} onChange={(period) => setFilter({ period })} />
          <ExportButton method="approvals.export" filter={approvalQuery(list.filter)} />
        </ScreenHeader>
        <p className="muted small" data-testid="approvals-count">
          {plural(list.total, `${list.filter.status ? `${list.filter.status} ` : ''}approval`)} · j/k move · a approve · e change · r reject · u undo · x select · / search
        </p>
        <ErrorNote error={list.error} />
        {list.filter.n8n_not_told && (
          <p className="warning" data-testid="not-told-filter">
            Only decisions n8n never took: open one to send it again.{' '}
            <button type="button" onClick={() => setFilter({ n8n_not_told: undefined })}>
              Show all
            </button>
          </p>
        )}
        {inbox.selected.length === 0 && <DecideShown />}
        <div className="notice-row">
          <OutcomeNote outcome={inbox.notice} testId="inbox-notice" />
          {inbox.undoable && <UndoOffer key={inbox.undoable.takesEffectAt} until={inbox.undoable.takesEffectAt} label="Undo (u)" disabled={inbox.busy} onUndo={() => void inbox.undo(services)} />}
        </div>
        {inbox.selected.length > 0 && (
          <div className="bulk-bar" data-testid="bulk-bar">
            <span>{inbox.selected.length} selected</span>
            <button type="button" className="primary" disabled={inbox.busy} onClick={() => void inbox.decideSelected(services, 'approved')}>
              Approve selected
            </button>
            <button type="button" className="danger" disabled={inbox.busy} onClick={() => void inbox.decideSelected(services, 'rejected')}>
              Reject selected
            </button>
            <button type="button" onClick={inbox.clearSelection}>
              Clear
            </button>
          </div>
        )}
        {list.items.length === 0 && !list.loading ? (
          <EmptyState title={list.filter.status === 'pending' ? 'Nothing waits for you' : 'No approvals match'}>
            Workflows that require approval, and n8n runs that ask for one, appear here as they arrive.
          </EmptyState>
        ) : (
          <VirtualList
            label="Approvals"
            items={list.items}
            total={list.total}
            rowHeight={ROW_HEIGHT}
            keyOf={(a) => a.id}
            activeIndex={opened ? -1 : cursor}
            onEndReached={loadMore}
            onOpen={(_approval, index) => moveTo(index)}
            isSelected={(approval) => inbox.selected.includes(approval.id)}
            onToggle={(approval) => inbox.toggle(approval.id)}
            renderRow={(approval) => (
              <ListRow
                testId={`approval-row-${approval.id}`}
                status={approval.pending_decision ? (approval.pending_decision.decision === 'approved' ? 'approving' : 'rejecting') : approval.status}
                title={approval.approval_title}
                subtitle={[approval.pending_decision ? `${approval.pending_decision.decision}, not sent yet` : null, approval.approval_type, approval.workflow_id === null ? null : workflowLabel(names, approval.workflow_id), relativeTime(approval.created_at), expiresSoon(approval) ? `expires ${relativeTime(approval.expires_at)}` : null, approval.hold_reason ? 'held' : null, approval.approved_data ? 'changed before approval' : null, ...previewWarnings(approval.approval_data).map((warning) => `⚠ ${warning}`)].filter(Boolean).join(' · ')}
                leading={
                  <>
                    <TickBox ticked={inbox.selected.includes(approval.id)} onToggle={() => inbox.toggle(approval.id)} />
                    <span className={`priority priority-${approval.priority}`}>{approval.priority}</span>
                  </>
                }
              />
            )}
          />
        )}
      </div>
      <div className="pane detail-pane">{current ? <ApprovalDetail approval={current} onDecide={decideAndMoveOn} /> : <EmptyState title="Select an approval" />}</div>
    </section>
  )
}

function ApprovalDetail({ approval, onDecide }: { approval: Approval; onDecide: (approval: Approval, decision: 'approved' | 'rejected') => Promise<void> }) {
  const services = useServices()
  const { reason, setReason, undo, busy, draft } = useInbox(useShallow((s) => ({ reason: s.reason, setReason: s.setReason, undo: s.undo, busy: s.busy, draft: s.draft })))
  const draftCheck = draft?.approvalId === approval.id ? checkDraft(approval.approval_data, draft.text) : null
  const draftChanged = draftCheck !== null && (!draftCheck.ok || draftCheck.changes.length > 0)
  const names = useWorkflowNames((s) => s.names)
  const go = useNavigation((s) => s.go)
  const pending = approval.status === 'pending'
  const precedents = usePrecedents(approval.id)
  return (
    <article className="detail" data-testid="approval-detail" aria-label={approval.approval_title}>
      <h3>{approval.approval_title}</h3>
      <p className="muted">
        #{approval.id} · {approval.approval_type} · {approval.priority} priority
        {approval.workflow_id === null ? '' : ` · ${workflowLabel(names, approval.workflow_id)}`} · requested {dateTime(approval.created_at)}
        {pending && approval.expires_at ? ` · expires ${relativeTime(approval.expires_at)}` : ''}
        <WebhookLink id={approval.webhook_id} words="asked by" testId="approval-webhook" />
      </p>
      {((pending && approval.expires_at !== null) || approval.execution_id !== null) && (
        <div className="toolbar">
          {pending && approval.expires_at !== null && <MoreTime approvalId={approval.id} />}
          {approval.execution_id !== null && (
            <button type="button" onClick={() => go({ screen: 'executions', id: approval.execution_id })}>
              Open execution #{approval.execution_id}
            </button>
          )}
          {approval.execution_id !== null && approval.workflow_id !== null && approval.n8n_execution_id && (
            <N8nExecutionLink workflowId={approval.workflow_id} executionId={approval.n8n_execution_id} />
          )}
        </div>
      )}
      {approval.approval_description && <p>{approval.approval_description}</p>}
      {approval.hold_reason && <p className="warning">Held: {approval.hold_reason}</p>}
      <h4>AI assessment</h4>
      <AiAssessment approval={approval} />
      <MessagePreview data={draftCheck?.ok ? draftCheck.data : (approval.approved_data ?? approval.approval_data)} />
      <h4>Payload</h4>
      <ApprovalData approval={approval} />
      <Precedents approval={approval} precedents={precedents} />
      {approval.pending_decision ? (
        <p data-testid="decision-waiting">
          <StatusPill status={approval.pending_decision.decision} />
          {approval.pending_decision.with_changes ? ' with your changes' : ''} by {approval.pending_decision.approver}; nothing is sent until the undo window closes{' '}
          <UndoOffer key={approval.pending_decision.takes_effect_at} until={approval.pending_decision.takes_effect_at} disabled={busy} onUndo={() => void undo(services, [approval.id])} />
        </p>
      ) : pending ? (
        <div className="decide">
          <textarea placeholder="Reason (optional, sent to n8n with the decision)" aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
          {precedents && <ReasonsGivenBefore reasons={precedents.reasons} onPick={setReason} />}
          <div className="toolbar">
            <button type="button" className="primary" disabled={busy} onClick={() => void onDecide(approval, 'approved')}>
              {draftChanged ? 'Approve with changes (a)' : 'Approve (a)'}
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void onDecide(approval, 'rejected')}>
              Reject (r)
            </button>
          </div>
        </div>
      ) : (
        <p data-testid="decision">
          <StatusPill status={approval.status} /> by {approval.decided_by ?? '—'} ({approval.decision_source ?? '—'}) {relativeTime(approval.decided_at)}
          {approval.decision_reason ? `: ${approval.decision_reason}` : ''}
        </p>
      )}
      {approval.resume_call && <ResumeCallNote key={approval.id} approvalId={approval.id} call={approval.resume_call} />}
    </article>
  )
}

/** A day more before it expires, for a decision that has to wait (the list and detail update by push). */
function MoreTime({ approvalId }: { approvalId: number }) {
  const services = useServices()
  const [error, setError] = useState<string | null>(null)
  const extend = () => services.call('approvals.extend', { id: approvalId, hours: 24 }).then(() => setError(null), (e: Error) => setError(e.message))
  return (
    <>
      <button type="button" onClick={() => void extend()}>
        Give it 24 h more
      </button>
      {error && <OutcomeNote outcome={{ tone: 'error', text: error }} testId="more-time-outcome" />}
    </>
  )
}

/** How telling n8n went; after a failure for good, the decision can be sent again. */
function ResumeCallNote({ approvalId, call }: { approvalId: number; call: ResumeCall }) {
  const services = useServices()
  const [resent, setResent] = useState<{ ok: boolean; text: string } | null>(null)
  const { tone, text } = resumeCallText(call)
  const resend = () =>
    services.call('approvals.resend', { id: approvalId }).then(
      () => setResent({ ok: true, text: 'Sent again: n8n gets the decision as soon as it answers' }),
      (error: Error) => setResent({ ok: false, text: error.message }),
    )
  return (
    <div data-testid="resume-call">
      <p className={tone === 'ok' ? 'notice' : tone === 'warn' ? 'warning' : 'error'}>{text}</p>
      {call.status === 'failed' && !resent?.ok && (
        <button type="button" onClick={() => void resend()}>
          Send to n8n again
        </button>
      )}
      {resent && <OutcomeNote outcome={{ tone: resent.ok ? 'ok' : 'error', text: resent.text }} testId="resend-outcome" />}
    </div>
  )
}
