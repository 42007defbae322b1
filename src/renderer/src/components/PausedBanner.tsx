import { useServices } from '../services/context'
import { useHealthStore } from '../stores/health'
import { entryOf, useSettings } from '../stores/settings'

/** On every screen while calls to n8n are paused, so maintenance mode is never forgotten. */
export function PausedBanner() {
  const services = useServices()
  const { view, save } = useSettings()
  // The health report counts what waits; it is read every few seconds.
  const waiting = useHealthStore((s) => /\d+ calls? waiting/.exec(s.report?.checks.n8n.detail ?? '')?.[0])
  const paused = entryOf(view, 'N8N_CALLS_PAUSED')
  if (paused?.value !== true) return null
  return (
    <div className="warning paused-banner" role="status" data-testid="paused-banner">
      <span>
        Calls to n8n are paused: executions, approvals and stops wait to be sent{waiting ? ` (${waiting})` : ''}.
      </span>
      {paused.editable ? (
        <button type="button" className="primary" onClick={() => void save(services, { N8N_CALLS_PAUSED: false })}>
          Resume calls
        </button>
      ) : (
        <em className="small">Set by the environment (N8N_CALLS_PAUSED).</em>
      )}
    </div>
  )
}
