import { severities } from '../../../shared/schemas/monitoring'
import { EmptyState, ErrorNote, ScreenHeader, StatusPill } from '../components/common'
import { ExportButton } from '../components/ExportButton'
import { PeriodSelect } from '../components/PeriodSelect'
import { SearchBox } from '../components/SearchBox'
import { WorkflowSelect } from '../components/WorkflowSelect'
import { eventSummary } from '../lib/event-summary'
import { dateTime, shortDateTime } from '../lib/format'
import { useServices } from '../services/context'
import { eventQuery, useMonitoring } from '../stores/monitoring'
import { useNavigation } from '../stores/navigation'
import { useWorkflowNames, workflowLabel } from '../stores/workflow-names'

export function MonitoringScreen() {
  const services = useServices()
  const m = useMonitoring()
  const names = useWorkflowNames((s) => s.names)
  return (
    <section className="screen" aria-labelledby="monitoring-title">
      <ScreenHeader title="Monitoring">
        <select aria-label="Severity" value={m.severity ?? ''} onChange={(e) => void m.setSeverity(services, (e.target.value || undefined) as (typeof severities)[number])}>
          <option value="">All severities</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <WorkflowSelect value={m.workflowId} onChange={(id) => void m.setWorkflow(services, id)} />
        <select aria-label="Events shown" value={m.actionsOnly ? 'actions' : 'all'} onChange={(e) => void m.setActionsOnly(services, e.target.value === 'actions')}>
          <option value="all">All events</option>
          <option value="actions">Operator actions</option>
        </select>
        <select aria-label="Errors from the last" value={m.hours} onChange={(e) => void m.setHours(services, Number(e.target.value))}>
          <option value={1}>Errors: last hour</option>
          <option value={24}>Errors: last 24 h</option>
          <option value={168}>Errors: last 7 days</option>
        </select>
        <PeriodSelect label="Events from" what="Events" value={m.period} onChange={(period) => void m.setPeriod(services, period)} />
        <ExportButton method="monitoring.export" filter={eventQuery(m)} />
      </ScreenHeader>
      <ErrorNote error={m.error} />
      <div className="two-columns">
        <div className="panel">
          <h3>Errors ({m.errors.length})</h3>
          {m.errors.length === 0 ? <EmptyState title="No errors in this period" /> : <EventTable events={m.errors} testId="errors-table" label="Errors" />}
        </div>
        <div className="panel">
          <h3>
            {m.actionsOnly ? 'Operator actions' : 'Events'}
            {m.workflowId ? ` · ${workflowLabel(names, m.workflowId)}` : ''}
          </h3>
          <div className="panel-search">
            <SearchBox label="Search events" placeholder="Search events: a lead, an error, an action…" value={m.search} onSearch={(text) => void m.setSearch(services, text)} />
          </div>
          <p className="muted small" data-testid="events-shown" aria-live="polite">
            {eventsShown(m)}
          </p>
          {m.events.length === 0 ? (
            !m.loading && (m.search ? <EmptyState title="No event matches">Nothing recorded says “{m.search}”.</EmptyState> : <EmptyState title="No events yet">Everything Flowgate does is recorded here.</EmptyState>)
          ) : (
            <EventTable events={m.events} testId="events-table" label="Events" />
          )}
          {m.next && (
            <button type="button" disabled={m.loading} onClick={() => void m.loadOlder(services)}>
              Show older events
            </button>
          )}
        </div>
      </div>
    </section>
  )
}

/** What the events panel shows, in words: how many, newer first, and whether older ones remain. */
function eventsShown(m: ReturnType<typeof useMonitoring.getState>): string {
  if (m.loading && m.events.length === 0) return m.search ? `Searching every event for “${m.search}”…` : 'Reading events…'
  const count = `${m.events.length} ${m.events.length === 1 ? 'event' : 'events'}`
  const matching = m.search ? ` saying “${m.search}”` : ''
  return `${count}${matching}, newest first${m.next ? '; older ones below' : ''}`
}

function EventTable({ events, testId, label }: { events: ReturnType<typeof useMonitoring.getState>['events']; testId: string; label: string }) {
  const names = useWorkflowNames((s) => s.names)
  return (
    // Focusable, so the keyboard can scroll it too.
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="events" data-testid={testId}>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td className="muted small nowrap" title={dateTime(e.timestamp)}>
                {shortDateTime(e.timestamp)}
              </td>
              <td>
                <StatusPill status={e.severity} />
              </td>
              <td>
                {e.event_type}
                {e.event_data !== null && e.event_data !== undefined && (
                  // The summary when there is one; the raw data always, in the tooltip.
                  <div className="muted small data" title={JSON.stringify(e.event_data)}>
                    {eventSummary(e.event_data) ?? JSON.stringify(e.event_data).slice(0, 300)}
                  </div>
                )}
              </td>
              <EventSubject names={names} workflowId={e.workflow_id} executionId={e.execution_id} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Which workflow and execution an event concerns, one per line, each opening its screen; a long name is cut, and whole in its tooltip. */
function EventSubject({ names, workflowId, executionId }: { names: ReadonlyMap<number, string>; workflowId: number | null; executionId: number | null }) {
  const go = useNavigation((s) => s.go)
  const workflow = workflowId ? workflowLabel(names, workflowId) : ''
  return (
    <td className="muted small nowrap subject" title={workflow}>
      {workflowId ? (
        <div>
          <button type="button" className="link" onClick={() => go({ screen: 'workflows', id: workflowId })}>
            {workflow}
          </button>
        </div>
      ) : null}
      {executionId ? (
        <div>
          <button type="button" className="link" onClick={() => go({ screen: 'executions', id: executionId })}>
            exec #{executionId}
          </button>
        </div>
      ) : null}
    </td>
  )
}
