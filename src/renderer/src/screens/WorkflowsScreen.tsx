import { useCallback, useEffect, useState } from 'react'
import { plural } from '../../../shared/text'
import { describeFieldRule } from '../../../shared/input-fields'
import { describeWindow, isOpen } from '../../../shared/send-window'
import { FAILING_AFTER, RECENT_DAYS, type Workflow, type WorkflowStats } from '../../../shared/schemas/workflows'
import { EmptyState, ErrorNote, ListRow, ScreenHeader } from '../components/common'
import { VirtualList } from '../components/VirtualList'
import { duration, relativeTime, shortDateTime } from '../lib/format'
import { n8nWorkflowLink } from '../lib/n8n-links'
import { runTimesSummary } from '../lib/run-times'
import { useServices } from '../services/context'
import { openExecutions } from '../stores/executions'
import { openMonitoring } from '../stores/monitoring'
import { openQueue } from '../stores/queue'
import { useNavigation } from '../stores/navigation'
import { entryOf, useSettings } from '../stores/settings'
import { useWorkflows } from '../stores/workflows'
import { N8nWorkflowPicker, type N8nLink } from './N8nWorkflowPicker'
import { copyOf, WorkflowForm, type Draft } from './WorkflowForm'
import { WorkflowTemplates } from './WorkflowTemplates'
import { CallsHold } from '../components/CallsHold'
import { WorkflowActivity } from '../components/WorkflowActivity'
import { ErrorGroups } from '../components/ErrorGroups'
import { TriggerPanel } from '../components/TriggerPanel'

export function WorkflowsScreen() {
  const services = useServices()
  const list = useWorkflows()
  const [editing, setEditing] = useState<Workflow | 'new' | null>(null)
  // Choosing among n8n's workflows, then a new workflow filled in from the one chosen.
  const [picking, setPicking] = useState(false)
  // A new workflow's fields known already (from the n8n workflow it links to, or the one it copies), keyed so each opens a fresh form.
  const [prefill, setPrefill] = useState<{ key: string; fields: Partial<Draft> } | null>(null)
  const startNew = (from: N8nLink | null) => (setPicking(false), setPrefill(from && { key: `n8n-${from.n8n_workflow_id}`, fields: from }), setEditing('new'))
  const startCopy = (of: Workflow) => (setPicking(false), setPrefill({ key: `copy-${of.id}`, fields: copyOf(of) }), setEditing('new'))
  // The open workflow is part of the route, so a link (from the dashboard, say) opens it.
  const selected = useNavigation((s) => (s.screen === 'workflows' ? s.id : null))
  const setSelected = (id: number) => useNavigation.getState().go({ screen: 'workflows', id })
  const workflow = list.items.find((w) => w.id === selected) ?? null
  const loadMore = useCallback(() => void useWorkflows.getState().loadMore(services), [services])

  return (
    <section className="screen split" aria-labelledby="workflows-title">
      <div className="pane list-pane">
        <ScreenHeader title="Workflows">
          <button type="button" onClick={() => (setEditing(null), setPicking(true))}>
            From n8n…
          </button>
          <button type="button" className="primary" onClick={() => startNew(null)}>
            New workflow
          </button>
        </ScreenHeader>
        <ErrorNote error={list.error} />
        {list.items.length === 0 && !list.loading ? (
          <EmptyState title="No workflows yet">Create one for each n8n workflow Flowgate should start, gate or watch (From n8n… links one n8n already has), or install a template into n8n from its page.</EmptyState>
        ) : (
          <VirtualList
            label="Workflows"
            items={list.items}
            total={list.total}
            rowHeight={52}
            keyOf={(w) => w.id}
            onEndReached={loadMore}
            activeIndex={list.items.findIndex((w) => w.id === selected)}
            onOpen={(w) => (setSelected(w.id), setEditing(null), setPicking(false))}
            renderRow={(w) => (
              <ListRow
                testId={`workflow-row-${w.id}`}
                status={w.is_active ? 'active' : 'inactive'}
                title={w.workflow_name}
                subtitle={`#${w.id} · ${w.requires_approval ? 'needs approval' : 'no approval'} · ${plural(w.execution_count, 'run')}${w.calls_held ? ` · calls held (${w.waiting_calls} waiting)` : ''}${w.max_running !== null ? ` · ${w.running}/${w.max_running} running` : ''}${w.max_per_hour !== null ? ` · ${w.started_last_hour}/${w.max_per_hour} this hour` : ''}${w.max_per_day !== null ? ` · ${w.started_last_day}/${w.max_per_day} in 24 h` : ''}${windowClosed(w) ? ' · send window closed' : ''}${w.quiet_since !== null ? ' · quieter than expected' : ''}${w.slower_than_usual ? ' · slower than usual' : ''}${w.failed_in_a_row >= FAILING_AFTER ? ` · failing (${w.failed_in_a_row} in a row)` : ''}`}
              />
            )}
          />
        )}
      </div>
      <div className="pane detail-pane">
        {picking ? (
          <N8nWorkflowPicker onLink={startNew} onClose={() => setPicking(false)} />
        ) : editing ? (
          <WorkflowForm
            key={editing === 'new' ? `new-${prefill?.key ?? ''}` : editing.id}
            workflow={editing === 'new' ? null : editing}
            prefill={editing === 'new' ? prefill?.fields : null}
            onDone={(saved) => {
              setEditing(null)
              setPrefill(null)
              if (saved) setSelected(saved.id)
              void list.load(services)
            }}
          />
        ) : workflow ? (
          <WorkflowDetail key={workflow.id} workflow={workflow} onEdit={() => setEditing(workflow)} onCopy={() => startCopy(workflow)} />
        ) : (
          <EmptyState title="Select a workflow" />
        )}
      </div>
    </section>
  )
}

/** All its runs so far, as the workflow's counters keep them. */
const runsSummary = (stats: WorkflowStats): string =>
  `${stats.execution_count} (${stats.success_count} ok, ${stats.failure_count} failed) · success ${stats.success_rate === null ? '—' : `${Math.round(stats.success_rate * 100)}%`} · average ${duration(stats.average_duration_seconds)} · last ${relativeTime(stats.last_run_at)}`

const nextAt = (at: number) => `${shortDateTime(at)} (${relativeTime(at)})`
const windowClosed = (workflow: Workflow) => workflow.send_window !== null && !isOpen(workflow.send_window, Date.now())

/** "3 in the last hour (at most 100) · 250 in the last 24 h (at most 500), the rest wait their turn; the next at …" */
function startedSummary(workflow: Workflow): string {
  const counted = (started: number, span: string, limit: number | null) => `${started} in the last ${span}${limit === null ? '' : ` (at most ${limit})`}`
  const limited = workflow.max_per_hour !== null || workflow.max_per_day !== null
  const next = !limited || workflow.next_start_at === null || windowClosed(workflow) ? '' : `; the next at ${nextAt(workflow.next_start_at)}`
  const both = `${counted(workflow.started_last_hour, 'hour', workflow.max_per_hour)} · ${counted(workflow.started_last_day, '24 h', workflow.max_per_day)}`
  return `${both}${limited ? ', the rest wait their turn' : ''}${next}`
}

/** "3 h ago · expected at least every 24 h", or since when it is quieter than that. */
function heardSummary(workflow: Workflow): string {
  const heard = workflow.last_heard_at === null ? 'never' : `${relativeTime(workflow.last_heard_at)} (${shortDateTime(workflow.last_heard_at)})`
  if (workflow.expect_run_every_hours === null) return `${heard} · no expectation set`
  const expected = `expected at least every ${workflow.expect_run_every_hours} h`
  if (workflow.quiet_since === null) return `${heard} · ${expected}`
  return `${heard} · ${expected}: quiet since ${shortDateTime(workflow.quiet_since)} — is it still running in n8n?`
}

/** "4 since 1:10 PM (2 h ago) · its calls are held after 10" */
function failuresSummary(workflow: Workflow): string {
  const hold = workflow.hold_after_failures === null ? '' : ` · its calls are held after ${workflow.hold_after_failures}`
  if (workflow.failed_in_a_row === 0) return `none${hold}`
  return `${workflow.failed_in_a_row} since ${shortDateTime(workflow.failing_since)} (${relativeTime(workflow.failing_since)})${hold}`
}

/** "Mon–Fri 08:00–18:00 · closed now, opens at …" */
function sendWindowSummary(workflow: Workflow): string {
  if (!workflow.send_window) return 'at any time'
  const now = windowClosed(workflow) ? `closed now${workflow.next_start_at ? `, opens at ${nextAt(workflow.next_start_at)}` : ''}` : 'open now'
  return `${describeWindow(workflow.send_window)} · ${now}`
}

function WorkflowDetail({ workflow, onEdit, onCopy }: { workflow: Workflow; onEdit: () => void; onCopy: () => void }) {
  const services = useServices()
  const baseUrl = useSettings((s) => s.view?.webhookBaseUrl ?? '')
  // With when it was read: the days of its recent activity end with that day.
  const [stats, setStats] = useState<{ stats: WorkflowStats; readAt: number } | null>(null)
  const webhookUrl = `${baseUrl}/api/v1/webhooks/n8n/${workflow.id}`
  const editorLink = useSettings((s) => n8nWorkflowLink(entryOf(s.view, 'N8N_API_URL')?.value, workflow.n8n_workflow_id))

  useEffect(() => {
    void services.call('workflows.stats', { id: workflow.id }).then(
      (stats) => setStats({ stats, readAt: Date.now() }),
      () => setStats(null),
    )
  }, [services, workflow.id, workflow.execution_count, workflow.success_count, workflow.failure_count])

  return (
    <article className="detail" data-testid="workflow-detail">
      <div className="screen-head">
        <h3>{workflow.workflow_name}</h3>
        <div className="toolbar">
          <button type="button" onClick={() => void openExecutions(services, { workflow_id: workflow.id })}>
            Show executions
          </button>
          <button type="button" onClick={() => void openQueue(services, { workflowId: workflow.id })}>
            Show webhooks
          </button>
          <button type="button" onClick={onCopy} title="A new workflow with the same limits, rules and approval">
            Duplicate
          </button>
          <button type="button" onClick={onEdit}>
            Edit
          </button>
        </div>
      </div>
      {workflow.workflow_description && <p>{workflow.workflow_description}</p>}
      <CallsHold workflow={workflow} />
      {workflow.webhook_secret_unreadable && (
        <p className="warning" role="alert" data-testid="secret-unreadable">
          This workflow's own webhook secret was sealed on another machine and cannot be read here, so the global secret applies to
          it. Edit the workflow and type its secret again to restore it.
        </p>
      )}
      <dl className="facts">
        <dt>Webhook URL for n8n</dt>
        <dd>
          <code data-testid="webhook-url">{webhookUrl}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(webhookUrl)}>
            Copy
          </button>
        </dd>
        <dt>n8n workflow</dt>
        <dd data-testid="n8n-workflow">
          {editorLink ? (
            <a href={editorLink} target="_blank" rel="noreferrer">
              {workflow.n8n_workflow_id} (open in n8n)
            </a>
          ) : (
            (workflow.n8n_workflow_id ?? '—')
          )}
        </dd>
        <dt>n8n webhook</dt>
        <dd>{workflow.webhook_url ?? '—'}</dd>
        <dt>Runs</dt>
        <dd data-testid="workflow-stats">
          {stats ? runsSummary(stats.stats) : '—'}
        </dd>
        <dt>Run time</dt>
        <dd data-testid="workflow-run-times" className={stats?.stats.run_times.slower ? 'warning' : undefined}>
          {stats ? runTimesSummary(stats.stats.run_times) : '—'}
          {stats && (stats.stats.run_times.recent_runs > 0 || stats.stats.run_times.usual_runs > 0) && (
            <>
              {' · '}
              <button type="button" className="link" onClick={() => void openExecutions(services, { workflow_id: workflow.id, sort: 'slowest' })}>
                show the slowest
              </button>
            </>
          )}
        </dd>
        <dt>Input must have</dt>
        <dd data-testid="workflow-required-fields">{workflow.required_input_fields.length ? workflow.required_input_fields.map(describeFieldRule).join(', ') : 'no fields required'}</dd>
        <dt>Failed in a row</dt>
        <dd data-testid="workflow-failing" className={workflow.failed_in_a_row >= FAILING_AFTER ? 'warning' : undefined}>
          {failuresSummary(workflow)}
        </dd>
        {workflow.n8n_workflow_id !== null && stats && (
          <>
            <dt>Failed in n8n on its own</dt>
            <dd data-testid="workflow-n8n-failed">
              {stats.stats.n8n_failed_last_day ? (
                <button type="button" className="link" onClick={() => void openMonitoring(services, { search: 'n8n_run_failed', workflowId: workflow.id })}>
                  {plural(stats.stats.n8n_failed_last_day, 'run')} in the last 24 h
                </button>
              ) : (
                'none in the last 24 h'
              )}
            </dd>
          </>
        )}
        <dt>Running in n8n</dt>
        <dd data-testid="workflow-running">
          {workflow.running} now · {workflow.max_running === null ? 'no limit' : `at most ${workflow.max_running} at once, the rest wait for a free slot`}
        </dd>
        <dt>Sends to n8n</dt>
        <dd data-testid="workflow-send-window">{sendWindowSummary(workflow)}</dd>
        <dt>Last heard from</dt>
        <dd data-testid="workflow-heard" className={workflow.quiet_since !== null ? 'warning' : undefined}>
          {heardSummary(workflow)}
        </dd>
        <dt>Started in n8n</dt>
        <dd data-testid="workflow-started">{startedSummary(workflow)}</dd>
        <dt>Approval</dt>
        <dd>{workflow.requires_approval ? `required (${workflow.default_approval_type}, ${workflow.default_priority})${workflow.auto_approval_enabled ? ', AI may decide' : ''}` : 'not required'}</dd>
        <dt>Alerts</dt>
        <dd data-testid="workflow-alerts">{workflow.alerts_muted ? 'none to phone or chat (the console still shows everything)' : 'to phone or chat, where alerts go'}</dd>
      </dl>
      {stats && <WorkflowActivity stats={stats.stats} now={stats.readAt} />}
      {stats && stats.stats.error_groups.length > 0 && (
        <ErrorGroups groups={stats.stats.error_groups} title={`What failed most (last ${RECENT_DAYS} days)`} workflowId={workflow.id} testId="workflow-error-groups" />
      )}
      <TriggerPanel workflow={workflow} />
      <WorkflowTemplates key={workflow.id} workflow={workflow} />
    </article>
  )
}
