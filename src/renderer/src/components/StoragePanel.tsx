import { fileSize, relativeTime } from '../lib/format'
import { partTitles, removedWords } from '../lib/storage'
import { useServices } from '../services/context'
import { useRequest } from '../services/use-request'

/** What takes the database's space, measured on request (it reads every page, off the main thread). */
export function StoragePanel() {
  const services = useServices()
  const { answer: report, problem, busy, run: measure } = useRequest(() => services.call('system.storage'))

  return (
    <div className="storage" data-testid="storage">
      <button type="button" onClick={() => void measure()} disabled={busy}>
        {busy ? 'Measuring…' : report ? 'Measure again' : 'What takes the space'}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {report && (
        <>
          <p className="small">
            The database takes {fileSize(report.file_bytes + report.wal_bytes)} on disk
            {report.wal_bytes > 0 && ` (${fileSize(report.wal_bytes)} of it the write-ahead log of recent commits)`}
            {report.free_bytes > 0 && `, of which ${fileSize(report.free_bytes)} freed by clean-ups is reused before the file grows`}.
          </p>
          <table>
            <thead>
              <tr>
                <th>Kind</th>
                <th>Size</th>
                <th>Rows</th>
              </tr>
            </thead>
            <tbody>
              {report.parts.map(({ part, bytes, rows }) => (
                <tr key={part}>
                  <td>{partTitles[part]}</td>
                  <td>{fileSize(bytes)}</td>
                  <td>{rows === null ? '—' : rows.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small" data-testid="last-cleanup">
            {report.last_cleanup
              ? `The last clean-up (${relativeTime(report.last_cleanup.at)}) removed ${removedWords(report.last_cleanup.removed)}`
              : 'No clean-up since Flowgate started'}
            {report.next_cleanup_at !== null && `; the next is ${relativeTime(report.next_cleanup_at)}`}.
          </p>
        </>
      )}
    </div>
  )
}
