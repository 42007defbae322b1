import { useCallback, useEffect, useRef, useState } from 'react'
import { queueStatuses, type QueueItem, type QueueItemSummary } from '../../../shared/schemas/queue'
import { ChangedBeforeReplay, ReplayWithChanges } from '../components/ReplayWithChanges'
import { Confirmation, EmptyState, ErrorNote, JsonBlock, ListRow, OutcomeNote, ScreenHeader, StatusPill, TickBox, type Outcome } from '../components/common'
import { VirtualList } from '../components/VirtualList'
import { ExportButton } from '../components/ExportButton'
import { SearchBox } from '../components/SearchBox'
import { WorkflowSelect } from '../components/WorkflowSelect'
import { plural } from '../../../shared/text'
import { dateTime, relativeTime, shortDateTime } from '../lib/format'
import { useServices } from '../services/context'
import { useQueueItems, useQueueStatus } from '../stores/queue'
import { entryOf, useSettings } from '../stores/settings'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'
import { useNavigation } from '../stores/navigation'
import { keyPressOf, moveCursor, queueCommand } from '../stores/screen-keys'

export function QueueScreen() {
  // Processed webhooks leave after their retention period: the count says why it drops.
  const keptDays = useSettings((state) => entryOf(state.view, 'WEBHOOK_RETENTION_DAYS')?.value ?? null)
  const services = useServices()
  const list = useQueueItems()
  const { status } = useQueueStatus()
  const names = useWorkflowNames((s) => s.names)
  const [item, setItem] = useState<QueueItem | null>(null)
  const [selected, setSelected] = useState<number[]>([])
  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((i) => i !== id) : [...s, id]))
  const [notice, setNotice] = useState<Outcome | null>(null)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const loadMore = useCallback(() => void useQueueItems.getState().loadMore(services), [services])

  // The webhook opened by its address (`#/queue/12`: the list, Find anything, an execution it
  // started), read again at each reload of the list the core pushes, so it follows the queue as it
  // moves. Only a first read that fails says so: one deleted while shown simply stays as last seen.
  const routeId = useNavigation((s) => (s.screen === 'queue' ? s.id : null))
  const shownId = useRef<number | null>(null)
  useEffect(() => {
    if (routeId === null) return
    let live = true
    services.call('queue.get', { id: routeId }).then(
      (fresh) => {
        if (!live) return
        shownId.current = fresh.id
        setItem(fresh)
      },
      (error: Error) => live && shownId.current !== routeId && setNotice({ tone: 'error', text: error.message }),
    )
    return () => {
      live = false
    }
  }, [services, routeId, list.items])

  const refresh = useCallback(async () => {
    await Promise.all([useQueueItems.getState().load(services), useQueueStatus.getState().load(services)])
  }, [services])

  /** Runs an action on the queue and says how it went; true when it was done. */
  const run = async (what: string, action: () => Promise<{ affected: number } | QueueItem>): Promise<boolean> => {
    try {
      const result = await action()
      setNotice({ tone: 'ok', text: 'affected' in result ? `${what}: ${result.affected} item(s)` : `${what}: item ${result.id} is ${result.status}` })
      if (!('affected' in result)) setItem(await services.call('queue.get', { id: result.id }))
      setSelected([])
      await refresh()
      return true
    } catch (error) {
      setNotice({ tone: 'error', text: (error as Error).message })
      return false
    }
  }

  // The bulk actions act on what the list shows: its workflow and search, failed ones only.
  const failedShown = { status: 'failed' as const, workflowId: list.filter.workflowId, search: list.filter.search }
  const narrowed = list.filter.workflowId !== undefined || list.filter.search !== undefined

  const open = (summary: QueueItemSummary) => useNavigation.getState().go({ screen: 'queue', id: summary.id })
  /** Deleted, it closes, and the address no longer names it. */
  const remove = async (id: number) => {
    if (!(await run('Deleted', () => services.call('queue.delete', { id })))) return
    setItem(null)
    useNavigation.getState().go({ screen: 'queue', id: null })
  }

  const replay = (id: number) => run('Replayed', () => services.call('queue.replay', { id }))
  // Each press of e opens the open webhook's body to change before replaying it.
  const [changeRequests, setChangeRequests] = useState(0)
  // The key handler is set once; it acts on what is shown when the key comes.
  const shown = useRef({ item, replay, toggle })
  useEffect(() => {
    shown.current = { item, replay, toggle }
  })
  // j/k move through the list, r replays the open webhook (e after changing its body), x ticks it, w opens its workflow.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = queueCommand(keyPressOf(event))
      const { items } = useQueueItems.getState()
      const { item: open, replay: replayOpen, toggle: tick } = shown.current
      const moving = command === 'down' || command === 'up'
      if (!command || (moving ? items.length === 0 : !open)) return
      event.preventDefault()
      const { go } = useNavigation.getState()
      if (moving) {
        const index = items.findIndex((x) => x.id === open?.id)
        const next = index < 0 ? 0 : moveCursor(index, command === 'down' ? 1 : -1, items.length)
        go({ screen: 'queue', id: items[next]!.id })
      } else if (!open) return
      else if (command === 'replay' && open.status !== 'processing') void replayOpen(open.id)
      else if (command === 'change') setChangeRequests((n) => n + 1)
      else if (command === 'select') tick(open.id)
      else if (command === 'workflow' && open.workflowId !== null) go({ screen: 'workflows', id: open.workflowId })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <section className="screen split" aria-labelledby="queue-title">
      <div className="pane list-pane">
        <ScreenHeader title="Webhook queue">
          <select aria-label="Status" value={list.filter.status ?? ''} onChange={(e) => {
              setSelected([])
              void list.setFilter(services, { status: (e.target.value || undefined) as QueueItemSummary['status'] })
            }}
          >
            <option value="">All</option>
            {queueStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <WorkflowSelect
            value={list.filter.workflowId}
            onChange={(workflowId) => {
              setSelected([])
              void list.setFilter(services, { workflowId })
            }}
          />
          <SearchBox
            label="Search webhooks"
            placeholder="Number, body, sender, key"
            value={list.filter.search}
            onSearch={(search) => {
              setSelected([])
              void list.setFilter(services, { search })
            }}
          />
          <ExportButton method="queue.export" filter={list.filter} />
        </ScreenHeader>
        {status && (
          <p className="counts" data-testid="queue-counts">
            {queueStatuses.map((s) => (
              <span key={s}>
                {s} <strong>{status.counts[s] ?? 0}</strong>
                {s === 'completed' && keptDays !== null && <span className="muted small"> (kept {keptDays} days)</span>}
              </span>
            ))}
            <span>oldest waiting {status.oldestQueuedAgeSeconds === null ? '—' : `${status.oldestQueuedAgeSeconds} s`}</span>
          </p>
        )}
        <div className="toolbar">
          <button type="button" disabled={selected.length === 0} onClick={() => void run('Replayed', () => services.call('queue.replayMany', { ids: selected }))}>
            Replay selected ({selected.length})
          </button>
          <button
            type="button"
            disabled={!status?.failed}
            onClick={() => void run('Replayed', () => services.call('queue.replayMany', { filter: failedShown }))}
          >
            {narrowed ? 'Replay the failed ones shown' : 'Replay all failed'}
          </button>
          {list.filter.status === 'failed' && (
            <button type="button" className="danger" disabled={list.total === 0 || confirmingDelete} onClick={() => setConfirmingDelete(true)}>
              Delete all shown…
            </button>
          )}
        </div>
        {confirmingDelete && (
          <Confirmation
            testId="delete-shown-confirm"
            confirm="Delete them"
            keep="Keep them"
            onKeep={() => setConfirmingDelete(false)}
            onConfirm={() => {
              setConfirmingDelete(false)
              void run('Deleted', () => services.call('queue.deleteMany', { filter: failedShown }))
            }}
          >
            Delete the {plural(list.total, 'failed webhook')} shown, not only those loaded? Their payloads are gone for good; they cannot be replayed.
          </Confirmation>
        )}
        {list.filter.search && (
          <p className="muted" data-testid="queue-matches">
            {plural(list.total, 'webhook')} {list.total === 1 ? 'matches' : 'match'} “{list.filter.search}”
          </p>
        )}
        <OutcomeNote outcome={notice} testId="queue-notice" />
        <ErrorNote error={list.error} />
        {list.items.length === 0 && !list.loading ? (
          <EmptyState title={list.filter.status === 'failed' ? 'No failed webhooks' : 'Nothing here'}>Webhooks that fail after every retry land here, to inspect and replay.</EmptyState>
        ) : (
          <VirtualList
            label="Queue items"
            items={list.items}
            total={list.total}
            rowHeight={48}
            keyOf={(x) => x.id}
            onEndReached={loadMore}
            activeIndex={list.items.findIndex((x) => x.id === item?.id)}
            onOpen={open}
            isSelected={(x) => selected.includes(x.id)}
            onToggle={(x) => toggle(x.id)}
            renderRow={(x) => (
              <ListRow
                testId={`queue-row-${x.id}`}
                status={x.status}
                title={`#${x.id} · ${x.kind}${x.workflowId === null ? '' : ` · ${workflowLabel(names, x.workflowId)}`}`}
                subtitle={`${relativeTime(x.receivedAt)} · ${plural(x.retryCount, 'retry', 'retries')}${x.lastError ? ` · ${x.lastError}` : ''}`}
                leading={<TickBox ticked={selected.includes(x.id)} onToggle={() => toggle(x.id)} />}
              />
            )}
          />
        )}
      </div>
      <div className="pane detail-pane">
        {item ? (
          <article className="detail" data-testid="queue-detail">
            <h3>
              Webhook #{item.id} <StatusPill status={item.status} />
            </h3>
            <p className="muted">
              {item.kind}
              {item.workflowId === null ? '' : ` · ${workflowLabel(names, item.workflowId)}`} · from {item.source ?? '—'} · received {dateTime(item.receivedAt)}
            </p>
            {item.lastError && <p className="error">{item.lastError}</p>}
            <div className="toolbar">
              <button type="button" className="primary" disabled={item.status === 'processing'} onClick={() => void replay(item.id)}>
                Replay
              </button>
              <button type="button" className="danger" onClick={() => void remove(item.id)}>
                Delete
              </button>
            </div>
            <ReplayWithChanges key={item.id} item={item} openRequests={changeRequests} onReplay={(payload) => run('Replayed with changes', () => services.call('queue.replay', { id: item.id, payload }))} />
            <LedTo item={item} />
            <h4>Attempts</h4>
            {item.attempts.length === 0 ? (
              <p className="muted">{item.status === 'queued' || item.status === 'processing' ? 'None yet: it waits its turn.' : 'None recorded.'}</p>
            ) : (
              <ol className="timeline">
                {item.attempts.map((a, i) => (
                  <li key={i}>
                    <span className="muted small" title={dateTime(a.at)}>
                      {shortDateTime(a.at)}
                    </span>{' '}
                    <strong>{a.outcome}</strong> {a.changed ? `with changes to ${a.changed.join(', ')} ` : ''}
                    {a.error ?? ''}
                  </li>
                ))}
              </ol>
            )}
            <h4>Payload</h4>
            <JsonBlock value={item.payload} label="Payload" />
            <ChangedBeforeReplay item={item} />
            <h4>Headers (secrets removed)</h4>
            <JsonBlock value={item.headers} label="Headers" />
          </article>
        ) : (
          <EmptyState title="Select a webhook" />
        )}
      </div>
    </section>
  )
}

/** What came of it, each opening where it is: the executions it started or reported on, the approval n8n asked for. */
function LedTo({ item }: { item: QueueItem }) {
  const go = useNavigation((s) => s.go)
  const names = useWorkflowNames((s) => s.names)
  const { executions, approvals } = item.led_to
  if (executions.length === 0 && approvals.length === 0) {
    if (item.status !== 'completed') return null
    return (
      <p className="muted" data-testid="webhook-led-to">
        Nothing came of it that Flowgate still keeps: no workflow took it, or what it started is gone.
      </p>
    )
  }
  const verb = item.kind === 'execution_callback' ? 'Reported on' : 'Started'
  return (
    <>
      <h4>What it led to</h4>
      <ul className="precedents" data-testid="webhook-led-to">
        {executions.map((execution) => (
          <li key={`e${execution.id}`}>
            {verb}{' '}
            <button type="button" className="link" onClick={() => go({ screen: 'executions', id: execution.id })}>
              execution #{execution.id}
            </button>{' '}
            <span className="muted small">{workflowLabel(names, execution.workflow_id)}</span> <StatusPill status={execution.status} />
          </li>
        ))}
        {approvals.map((approval) => (
          <li key={`a${approval.id}`}>
            Asked for{' '}
            <button type="button" className="link" onClick={() => go({ screen: 'approvals', id: approval.id })}>
              approval #{approval.id}
            </button>{' '}
            <span className="muted small">{approval.title}</span> <StatusPill status={approval.status} />
          </li>
        ))}
      </ul>
    </>
  )
}
