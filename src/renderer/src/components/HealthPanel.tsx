import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useServices } from '../services/context'
import { useHealthStore } from '../stores/health'
import { duration } from '../lib/format'
import { checkRows } from '../stores/health-selectors'

export function HealthPanel() {
  const services = useServices()
  const { report, error, loading, refresh } = useHealthStore(
    useShallow((s) => ({ report: s.report, error: s.error, loading: s.loading, refresh: s.refresh })),
  )
  const rows = useMemo(() => checkRows(report), [report])

  return (
    <section className="panel" aria-labelledby="health-title">
      <div className="panel-head">
        <h2 id="health-title">Core health</h2>
        <button type="button" onClick={() => void refresh(services)} disabled={loading}>
          {loading ? 'Checking…' : 'Check now'}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <p className="muted" data-testid="health-meta">
          Version {report.version} · up {duration(report.uptimeSeconds)} · data in <code>{report.dataDir}</code>
        </p>
      )}
      <table className="checks">
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`check-${row.id}`}>
              <th scope="row">{row.label}</th>
              <td>
                <span className={`dot dot-${row.status}`} aria-hidden /> {row.status}
              </td>
              <td className="muted">{row.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
