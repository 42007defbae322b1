import { useCallback, useEffect, useState } from 'react'
import { executionStatuses, type Execution, type ExecutionDetail } from '../../../shared/schemas/executions'
import { EmptyState, ErrorNote, JsonBlock, ListRow, ScreenHeader, StatusPill } from '../components/common'
import { ExportButton } from '../components/ExportButton'
import { WebhookLink } from '../components/WebhookLink'
import { MoveSchedule } from '../components/MoveSchedule'
import { N8nExecutionLink } from '../components/N8nExecutionLink'
import { PeriodSelect } from '../components/PeriodSelect'
import { SearchBox } from '../components/SearchBox'
import { VirtualList } from '../components/VirtualList'
import { WorkflowSelect } from '../components/WorkflowSelect'
import { plural } from '../../../shared/text'
import { eventSummary } from '../lib/event-summary'
import { dateTime, duration, relativeTime, shortDateTime } from '../lib/format'
import { timelineGaps } from '../lib/timeline-gaps'
import { whenScheduled } from '../lib/send-at'
import { useServices } from '../services/context'
import { executionQuery, useExecutionDetail, useExecutions, type ExecutionFilter } from '../stores/executions'
import { useNavigation } from '../stores/navigation'
import { executionCommand, keyPressOf, moveCursor } from '../stores/screen-keys'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'
import { CancelShown, DismissShown, RetryShown, SendNowShown } from './ActOnShown'
import { ChangeAndSend } from '../components/ChangeAndSend'
import { UnlikeLastWorked } from '../components/UnlikeLastWorked'
import { tookSaid } from '../lib/run-times'
import type { WorkflowLimit } from '../../../shared/schemas/workflows'

/** What a dispatch held by its workflow's limit waits for: in a list row, and said in full on its page. */
const waitingShort: Record<WorkflowLimit, string> = {
  window: 'waiting for its send window',
  running: 'waiting for a free slot',
  hourly: 'waiting for its turn this hour',
  daily: 'waiting for its turn today',
}
const waitingReasons: Record<WorkflowLimit, string> = {
  window: 'its workflow sends only within its send window, which is closed now. It goes when the window opens',
  running: 'its workflow already runs as many executions at once as it allows. It goes as soon as one of them finishes',
  hourly: 'its workflow has started as many executions within the last hour as it allows. It goes as soon as the oldest of them is an hour old, in turn',
  daily: 'its workflow has started as many executions within the last 24 hours as it allows. It goes as soon as the oldest of them is a day old, in turn',
}

/** The reason in full, with when the limit next lets one of its workflow's dispatches go. */
function waitingReason(on: WorkflowLimit, until: number | null): string {
  const when = until === null ? '' : `${on === 'window' ? ',' : '; the next goes'} at ${shortDateTime(until)} (${relativeTime(until)})`
  return `${waitingReasons[on]}${when}.`
}

/** Only a failed or cancelled execution runs again, once: after that its retry is the one to look at. */
const canRetry = (execution: ExecutionDetail) => (execution.status === 'failed' || execution.status === 'cancelled') && execution.retried_as === null
/** A failure that stands (not retried, not dismissed already) can be dismissed as needing no retry. */
const canDismiss = (execution: ExecutionDetail) => execution.status === 'failed' && execution.dismissed_at === null && execution.retried_as === null
const retryWords = { open: 'Change and retry… (e)', editor: 'Input to retry with', effect: 'the retry runs with the input as changed here', send: 'Retry with changes' }

/** Scheduled for later and not sent yet (the moment may have come while a limit or n8n holds it). */
const isScheduled = (execution: Execution): execution is Execution & { send_at: number } => execution.status === 'pending' && execution.send_at !== null

/** What "send now anyway" applies to: a dispatch a limit holds, or one scheduled for later. */
const canSendNow = (execution: Execution) => execution.status === 'pending' && (execution.waiting_on !== null || execution.send_at !== null)

/** The lists reached from elsewhere (Needs attention, Coming up, Find anything), each said in words with a way back to all. */
const shownOnly = {
  held_back: {
    counted: ' held back',
    note: 'Only executions not sent to n8n because a limit of their workflow or its held calls keep them: open one to see until when, or send it anyway.',
    none: ['Nothing is held back', 'has gone to n8n, or waits for an approval first.'],
  },
  scheduled: {
    counted: ' scheduled',
    note: 'Only executions scheduled for later and not sent yet: open one to send it now or move it.',
    none: ['Nothing is scheduled', 'was sent when it was triggered, or has gone already.'],
  },
  not_retried: {
    counted: ' not retried yet',
    note: 'Only executions no later attempt retried and none dismissed: retry them, dismiss those that need no retry, or open one to see why it failed.',
    none: ['Nothing left to retry', 'has been retried or dismissed, or did not fail.'],
  },
  dismissed: {
    counted: ' dismissed',
    note: 'Only failures dismissed as needing no retry: open one to bring it back among those to look at.',
    none: ['Nothing dismissed', 'that failed was retried, or still waits to be looked at.'],
  },
} as const
type ShownOnly = keyof typeof shownOnly
const shownOnlyOf = (filter: ExecutionFilter) => (Object.keys(shownOnly) as ShownOnly[]).filter((flag) => filter[flag])

/** An empty list says why: nothing yet, nothing held back or scheduled, or filters that match nothing. */
function NoExecutions({ filter }: { filter: ExecutionFilter }) {
  const { held_back, scheduled, not_retried, dismissed, workflow_id, sort: _order, ...narrowing } = filter
  // Failures not retried are failed ones: that status (and a period) narrows nothing more.
  const { status, period: _period, ...rest } = narrowing
  const narrowed = Object.values((not_retried || dismissed) && (!status || status === 'failed') ? rest : narrowing).some(Boolean)
  const only = shownOnlyOf(filter)
  if (only.length === 1 && !narrowed) {
    const [title, rest] = shownOnly[only[0]!].none
    return <EmptyState title={title}>Every execution{workflow_id ? ' of this workflow' : ''} {rest}</EmptyState>
  }
  if (held_back || scheduled || not_retried || dismissed || workflow_id || narrowed) return <EmptyState title="No executions match">Change or clear the filters above.</EmptyState>
  return <EmptyState title="No executions yet">Trigger a workflow from the Workflows screen, or let n8n send a webhook.</EmptyState>
}

export function ExecutionsScreen() {
  const services = useServices()
  const list = useExecutions()
  const { detail, error, open, act, retryWithChanges } = useExecutionDetail()
  const openId = useNavigation((s) => (s.screen === 'executions' ? s.id : null))
  const go = useNavigation((s) => s.go)
  const names = useWorkflowNames((s) => s.names)
  const loadMore = useCallback(() => void useExecutions.getState().loadMore(services), [services])

  useEffect(() => {
    if (openId) void open(services, openId)
  }, [openId, open, services])

  // Each press of e opens the open execution's input to change before retrying it.
  const [changeRequests, setChangeRequests] = useState(0)
  // j/k move through the list, r retries the open execution (e after changing its input), s sends a held or scheduled one now, w opens its workflow.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = executionCommand(keyPressOf(event))
      const { items } = useExecutions.getState()
      const { detail: shown } = useExecutionDetail.getState()
      // Moving needs the list; the rest act on the execution shown, which may open before the list has loaded.
      const moving = command === 'down' || command === 'up'
      if (!command || (moving ? items.length === 0 : !shown)) return
      event.preventDefault()
      if (moving) {
        const index = items.findIndex((x) => x.id === shown?.id)
        const next = index < 0 ? 0 : moveCursor(index, command === 'down' ? 1 : -1, items.length)
        go({ screen: 'executions', id: items[next]!.id })
      } else if (!shown) return
      else if (command === 'retry' && canRetry(shown)) void act(services, 'retry')
      else if (command === 'change' && canRetry(shown)) setChangeRequests((n) => n + 1)
      else if (command === 'send-now' && canSendNow(shown)) void act(services, 'sendNow')
      else if (command === 'dismiss' && canDismiss(shown)) void useExecutionDetail.getState().dismiss(services, true)
      else if (command === 'workflow') go({ screen: 'workflows', id: shown.workflow_id })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [services, act, go])
  const gaps = timelineGaps(detail?.execution_log.map((entry) => entry.at) ?? [])

  return (
    <section className="screen split" aria-labelledby="executions-title">
      <div className="pane list-pane">
        <ScreenHeader title="Executions">
          <select aria-label="Status" value={list.filter.status ?? ''} onChange={(e) => void list.setFilter(services, { status: (e.target.value || undefined) as Execution['status'] })}>
            <option value="">All statuses</option>
            {executionStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <WorkflowSelect value={list.filter.workflow_id} onChange={(workflow_id) => void list.setFilter(services, { workflow_id })} />
          <PeriodSelect label="Created" what="Created" value={list.filter.period} onChange={(period) => void list.setFilter(services, { period })} />
          <select aria-label="Order" value={list.filter.sort ?? 'newest'} onChange={(e) => void list.setFilter(services, { sort: e.target.value === 'slowest' ? 'slowest' : undefined })}>
            <option value="newest">Newest first</option>
            <option value="slowest">Slowest first</option>
          </select>
          <SearchBox
            label="Search executions"
            placeholder="#id, n8n id, event or error"
            value={list.filter.search}
            onSearch={(search) => void list.setFilter(services, { search })}
          />
          <ExportButton method="executions.export" filter={executionQuery(list.filter)} />
        </ScreenHeader>
        <p className="muted small" data-testid="executions-count">
          {plural(list.total, list.filter.search ? 'matching execution' : 'execution')}
          {shownOnlyOf(list.filter).map((flag) => shownOnly[flag].counted)}
        </p>
        {shownOnlyOf(list.filter).map((flag) => (
          <p key={flag} className="warning" data-testid={`${flag.replace('_', '-')}-filter`}>
            {shownOnly[flag].note}{' '}
            <button type="button" onClick={() => void list.setFilter(services, { [flag]: undefined })}>
              Show all
            </button>
            {flag === 'not_retried' && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => void list.setFilter(services, { not_retried: undefined, dismissed: true })}>
                  Show the dismissed ones
                </button>
              </>
            )}
          </p>
        ))}
        {/* A new filter starts without the last bulk action's confirmation or outcome. */}
        <RetryShown key={`retry ${JSON.stringify(list.filter)}`} />
        <CancelShown key={`cancel ${JSON.stringify(list.filter)}`} />
        <SendNowShown key={`send-now ${JSON.stringify(list.filter)}`} />
        <DismissShown key={`dismiss ${JSON.stringify(list.filter)}`} />
        <ErrorNote error={list.error} />
        {list.items.length === 0 && !list.loading ? (
          <NoExecutions filter={list.filter} />
        ) : (
          <VirtualList
            label="Executions"
            items={list.items}
            total={list.total}
            rowHeight={48}
            keyOf={(x) => x.id}
            onEndReached={loadMore}
            activeIndex={list.items.findIndex((x) => x.id === detail?.id)}
            onOpen={(x) => go({ screen: 'executions', id: x.id })}
            renderRow={(execution) => (
              <ListRow
                testId={`execution-row-${execution.id}`}
                status={execution.status}
                title={`#${execution.id} · ${workflowLabel(names, execution.workflow_id)} · ${execution.trigger_event ?? 'manual'}${execution.attempt > 1 ? ` · attempt ${execution.attempt}` : ''}`}
                subtitle={`${relativeTime(execution.created_at)} · ${duration(execution.duration_seconds)}${isScheduled(execution) ? ` · scheduled for ${shortDateTime(execution.send_at)}` : ''}${execution.calls_held ? ' · calls to n8n held' : ''}${execution.waiting_on ? ` · ${waitingShort[execution.waiting_on]}` : ''}${execution.dismissed_at ? ' · dismissed' : ''}${execution.error_message ? ` · ${execution.error_message}` : ''}`}
              />
            )}
          />
        )}
      </div>
      <div className="pane detail-pane">
        <ErrorNote error={error} />
        {detail ? (
          <article className="detail" data-testid="execution-detail">
            <h3>
              Execution #{detail.id} <StatusPill status={detail.status} />
            </h3>
            <p className="muted">
              {workflowLabel(names, detail.workflow_id)} · <N8nExecutionLink workflowId={detail.workflow_id} executionId={detail.n8n_execution_id} /> · created{' '}
              {dateTime(detail.created_at)} · <TookLine seconds={detail.duration_seconds} usualSeconds={detail.usual_seconds} />
              {detail.retry_of ? ` · retry of #${detail.retry_of}` : ''}
              <WebhookLink id={detail.webhook_id} words="from" testId="execution-webhook" />
            </p>
            {detail.error_message && <p className="error">{detail.error_message}</p>}
            {detail.retried_as && (
              <p data-testid="execution-retried-as">
                Retried as{' '}
                <button type="button" className="link" onClick={() => go({ screen: 'executions', id: detail.retried_as!.id })}>
                  #{detail.retried_as.id}
                </button>{' '}
                <StatusPill status={detail.retried_as.status} />: that attempt is the one to look at.
              </p>
            )}
            <Dismissal execution={detail} />
            {isScheduled(detail) && !detail.waiting_on && (
              <p data-testid="execution-scheduled">
                Scheduled: not sent to n8n before {whenScheduled(detail.send_at)}
                {detail.approvals.some((approval) => approval.status === 'pending') ? ', nor before its approval' : ''}.{' '}
                <button type="button" className="link" onClick={() => void act(services, 'sendNow')}>
                  Send it now (s)
                </button>{' '}
                or <MoveSchedule key={`${detail.id} ${detail.send_at}`} sendAt={detail.send_at} />
              </p>
            )}
            {detail.waiting_on && (
              <p className="warning" data-testid="execution-waiting">
                Not sent to n8n yet: {waitingReason(detail.waiting_on, detail.waiting_until)}{' '}
                <button type="button" className="link" onClick={() => go({ screen: 'workflows', id: detail.workflow_id })}>
                  Open the workflow to change its limit
                </button>{' '}
                or{' '}
                <button type="button" className="link" onClick={() => void act(services, 'sendNow')}>
                  send this one now anyway (s)
                </button>
              </p>
            )}
            {detail.calls_held && (
              <p className="warning" data-testid="execution-held">
                Not sent to n8n yet: calls to n8n for this workflow are held.{' '}
                <button type="button" className="link" onClick={() => go({ screen: 'workflows', id: detail.workflow_id })}>
                  Open the workflow to release them
                </button>
              </p>
            )}
            {detail.input_refused && (
              <p className="warning" data-testid="execution-input-refused">
                Its workflow now refuses this input ({detail.input_refused}): correct it to run it again.{' '}
                <button type="button" className="link" onClick={() => setChangeRequests((n) => n + 1)}>
                  Change and retry… (e)
                </button>
              </p>
            )}
            <div className="toolbar">
              <button type="button" disabled={!canRetry(detail) || detail.input_refused !== null} onClick={() => void act(services, 'retry')}>
                Retry (r)
              </button>
              <button type="button" className="danger" disabled={detail.status !== 'pending' && detail.status !== 'running'} onClick={() => void act(services, 'cancel')}>
                Cancel
              </button>
            </div>
            <ChangeAndSend key={detail.id} original={detail.input_data} available={canRetry(detail)} words={retryWords} testId="retry" onSend={(input) => retryWithChanges(services, input)} openRequests={changeRequests} />
            <UnlikeLastWorked input={detail.input_data} lastWorked={detail.last_worked} />
            {detail.approvals.length > 0 && (
              <>
                <h4>Approvals</h4>
                <ul className="precedents" data-testid="execution-approvals">
                  {detail.approvals.map((approval) => (
                    <li key={approval.id}>
                      <button type="button" className="link" onClick={() => go({ screen: 'approvals', id: approval.id })}>
                        #{approval.id} {approval.title}
                      </button>{' '}
                      <StatusPill status={approval.status} />{' '}
                      <span className="muted small">
                        {approval.approval_type}
                        {approval.decided_by ? ` · by ${approval.decided_by} ${relativeTime(approval.decided_at)}` : ''}
                        {approval.decision_reason ? `: “${approval.decision_reason}”` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h4>Timeline</h4>
            <ol className="timeline" data-testid="execution-timeline">
              {detail.execution_log.map((entry, i) => {
                const summary = eventSummary(entry.data)
                const gap = gaps[i]
                return (
                  <li key={i} className={`sev-${entry.severity}`}>
                    {gap?.seconds != null && (
                      <span className={gap.longest ? 'gap longest' : 'gap'} data-testid="timeline-gap" title={gap.longest ? 'The longest pause of this execution' : 'Time since the step before'}>
                        +{duration(gap.seconds)}
                      </span>
                    )}
                    <span className="muted small" title={dateTime(entry.at)}>
                      {shortDateTime(entry.at)}
                    </span>{' '}
                    <strong>{entry.event}</strong>
                    {summary && <span className="small"> · {summary}</span>}
                  </li>
                )
              })}
            </ol>
            <h4>Input</h4>
            <JsonBlock value={detail.input_data} label="Input" />
            <h4>Output</h4>
            <JsonBlock value={detail.output_data} label="Output" />
          </article>
        ) : (
          <EmptyState title="Select an execution" />
        )}
      </div>
    </section>
  )
}

/** A failure dismissed as needing no retry says so, with the way back; one standing can be dismissed. */
function Dismissal({ execution }: { execution: ExecutionDetail }) {
  const services = useServices()
  const dismiss = useExecutionDetail((s) => s.dismiss)
  if (execution.dismissed_at !== null) {
    return (
      <p className="muted" data-testid="execution-dismissed">
        Dismissed {relativeTime(execution.dismissed_at)} as needing no retry: it no longer counts among the failures to look at.{' '}
        <button type="button" className="link" onClick={() => void dismiss(services, false)}>
          Bring it back
        </button>
      </p>
    )
  }
  if (!canDismiss(execution)) return null
  return (
    <p className="muted small">
      Nothing to retry?{' '}
      <button type="button" className="link" data-testid="execution-dismiss" onClick={() => void dismiss(services, true)}>
        Dismiss it (d)
      </button>{' '}
      — it stays failed, but leaves Needs attention.
    </p>
  )
}

/** How long it ran, beside how long its workflow's runs usually take: a slow one stands out. */
function TookLine({ seconds, usualSeconds }: { seconds: number | null; usualSeconds: number | null }) {
  const { text, slow } = tookSaid(seconds, usualSeconds)
  return (
    <span data-testid="execution-took" className={slow ? 'warning' : undefined}>
      {text}
    </span>
  )
}
