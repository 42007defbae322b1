import { useMemo } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { Execution } from '../../../shared/schemas/executions'
import { plural } from '../../../shared/text'
import { ErrorNote, ScreenHeader } from '../components/common'
import { ComingUp } from '../components/ComingUp'
import { ErrorGroups } from '../components/ErrorGroups'
import { WorkflowsAtAGlance } from '../components/WorkflowsAtAGlance'
import { GetStarted } from '../components/GetStarted'
import { HealthPanel } from '../components/HealthPanel'
import { modelUsageSaid, todaySpendSaid } from '../../../shared/ai-spend'
import { duration } from '../lib/format'
import { useServices } from '../services/context'
import { attentionItems } from '../stores/attention'
import { useDashboard } from '../stores/dashboard'
import { useHealthStore } from '../stores/health'
import { useQueueStatus } from '../stores/queue'
import { openExecutions } from '../stores/executions'
import { followLink } from '../stores/list-links'
import { approvalsExpiringWithin } from '../../../shared/list-links'
import { useNavigation, type Screen } from '../stores/navigation'

const statusColors: Record<string, string> = { completed: '#2b8a3e', failed: '#c92a2a', cancelled: '#868e96', running: '#3b5bdb', pending: '#e67700' }

export function DashboardScreen() {
  const services = useServices()
  const { dashboard, approvalStats, range, setRange, error } = useDashboard()
  const series = useMemo(
    () =>
      (dashboard?.executions_per_hour ?? []).map((bucket) => ({
        hour: new Date(bucket.hour).toLocaleString([], range === '24h' ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'short', hour: '2-digit' }),
        ...bucket.counts,
      })),
    [dashboard, range],
  )
  const today = dashboard?.executions_today ?? {}
  const go = useNavigation((s) => s.go)
  // The "today" cards open exactly what they count.
  const executionsToday = (status: Execution['status'] | undefined) => () => openExecutions(services, { status, period: 'today' })
  /** A figure, and where to see what it counts. */
  const card = (label: string, value: string | number, testId: string, open: () => unknown, note?: string) => (
    <button type="button" className="card" data-testid={testId} onClick={() => void open()} title={`Open: ${label}`}>
      <span className="muted small">{label}</span>
      <strong>{value}</strong>
      {note && <span className="muted small">{note}</span>}
    </button>
  )
  const screen = (name: Screen) => () => go({ screen: name, id: null })
  const expiringApprovals = () => followLink(services, approvalsExpiringWithin(60))

  return (
    <section className="screen" aria-labelledby="dashboard-title">
      <ScreenHeader title="Dashboard">
        <select aria-label="Range" value={range} onChange={(e) => void setRange(services, e.target.value as '24h' | '7d')}>
          <option value="24h">Last 24 hours</option>
          <option value="7d">Last 7 days</option>
        </select>
      </ScreenHeader>
      <ErrorNote error={error} />
      <GetStarted />
      <NeedsAttention />
      <ComingUp />
      {dashboard && (
        <div className="cards">
          {card(
            'Pending approvals',
            dashboard.pending_approvals,
            'card-pending',
            dashboard.approvals_expiring_soon ? expiringApprovals : screen('approvals'),
            dashboard.approvals_expiring_soon ? `${dashboard.approvals_expiring_soon} expire within 1 h` : undefined,
          )}
          {card('Executions today', Object.values(today).reduce((a, b) => a + b, 0), 'card-executions-today', executionsToday(undefined))}
          {card('Completed today', today.completed ?? 0, 'card-completed-today', executionsToday('completed'))}
          {card('Failed today', today.failed ?? 0, 'card-failed-today', executionsToday('failed'))}
          {card('Errors (24 h)', dashboard.recent_errors, 'card-errors', screen('monitoring'))}
          {card('Queue depth', dashboard.queue_depth, 'card-queue', screen('queue'))}
          {card('Average run', duration(dashboard.average_execution_seconds), 'card-average', () => openExecutions(services, { status: 'completed' }))}
          {card('Active workflows', dashboard.workflows.active, 'card-workflows', screen('workflows'), `${dashboard.workflows.inactive} switched off`)}
        </div>
      )}
      <div className="panel chart-panel">
        <h3>Executions per hour</h3>
        <div className="chart" data-testid="executions-chart">
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={series}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis dataKey="hour" fontSize={11} minTickGap={24} />
              <YAxis allowDecimals={false} fontSize={11} width={32} />
              <Tooltip />
              <Legend />
              {Object.entries(statusColors).map(([status, color]) => (
                <Bar key={status} dataKey={status} stackId="runs" fill={color} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>
      {dashboard && <WorkflowsAtAGlance dashboard={dashboard} range={range} />}
      {dashboard && <ErrorGroups groups={dashboard.error_groups} title={`What failed most (${range === '24h' ? 'last 24 hours' : 'last 7 days'})`} />}
      {approvalStats && dashboard && (
        <div className="panel" data-testid="approval-stats">
          <h3>Approvals</h3>
          <p>
            Median time to decision (this range): <strong>{dashboard.approval_time_to_decision.median_seconds === null ? '—' : duration(dashboard.approval_time_to_decision.median_seconds)}</strong> over{' '}
            {plural(dashboard.approval_time_to_decision.decided, 'decision')}
          </p>
          <dl className="facts">
            <dt>By status</dt>
            <dd>{Object.entries(approvalStats.by_status).map(([k, v]) => `${k} ${v}`).join(' · ') || '—'}</dd>
            <dt>By type</dt>
            <dd>{Object.entries(approvalStats.by_type).map(([k, v]) => `${k} ${v}`).join(' · ') || '—'}</dd>
            <dt>Decided by AI</dt>
            <dd>{approvalStats.auto_approval_rate === null ? '—' : `${Math.round(approvalStats.auto_approval_rate * 100)}%`}</dd>
            <dt>AI agrees with you</dt>
            <dd>
              {approvalStats.ai_human_agreement.rate === null ? '—' : `${Math.round(approvalStats.ai_human_agreement.rate * 100)}%`} of {approvalStats.ai_human_agreement.compared} compared
            </dd>
            <dt>AI spend today</dt>
            <dd data-testid="ai-spend-today">{todaySpendSaid(approvalStats.ai_usage)}</dd>
            <dt>AI spend, 30 days</dt>
            <dd data-testid="ai-spend-month">
              {modelUsageSaid(approvalStats.ai_usage.last_30_days)}
              {approvalStats.ai_usage.by_model.length > 1 && ` — ${approvalStats.ai_usage.by_model.map((m) => `${m.model} ${modelUsageSaid(m)}`).join('; ')}`}
            </dd>
          </dl>
        </div>
      )}
      <HealthPanel />
    </section>
  )
}

/** The problems to act on, each leading to where it is fixed; a calm line when there are none. */
function NeedsAttention() {
  const services = useServices()
  const dashboard = useDashboard((s) => s.dashboard)
  const health = useHealthStore((s) => s.report)
  const failedWebhooks = useQueueStatus((s) => s.status?.failed ?? 0)
  const items = useMemo(() => attentionItems(dashboard, health, failedWebhooks), [dashboard, health, failedWebhooks])
  if (!dashboard) return null
  return (
    <div className={`panel attention ${items.length ? 'has-items' : ''}`} data-testid="needs-attention">
      <h3>{items.length ? 'Needs attention' : 'Nothing needs you right now'}</h3>
      {items.length > 0 && (
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              <button type="button" className="link" data-testid={`attention-${item.id}`} onClick={() => void followLink(services, item.link)}>
                {item.text}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
