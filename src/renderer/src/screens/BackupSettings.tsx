import { useEffect, useState } from 'react'
import { plural } from '../../../shared/text'
import { dateTime, fileSize, relativeTime } from '../lib/format'
import { useServices } from '../services/context'
import { useBackups } from '../stores/backups'
import { SettingsGroup } from './SettingsGroup'

/** Listed in full up to this many; the rest are counted. */
const SHOWN_FILES = 5

/** What is backed up where, a backup on demand, and how to restore one. */
function BackupPanel() {
  const services = useServices()
  const { status, error, made, load, backUp } = useBackups()
  const [copyPath, setCopyPath] = useState('')
  useEffect(() => void load(services), [services, load])
  const files = status?.files ?? []

  return (
    <div className="panel settings-group" data-testid="settings-backup">
      <h3>Backups</h3>
      {error && <p className="error">{error}</p>}
      {status && (
        <p className="small" data-testid="backup-schedule">
          {status.enabled ? `Every ${plural(status.intervalHours, 'hour')}, the newest ${status.keep} kept, in ` : 'Automatic backups are off. Backups on demand go to '}
          <code>{status.folder}</code>
          {status.running ? ' — backing up now…' : status.nextAt !== null ? ` — next ${relativeTime(status.nextAt)}.` : '.'}
        </p>
      )}
      {status?.lastError && (
        <p className="error" role="alert" data-testid="backup-error">
          The last backup failed ({relativeTime(status.lastError.at)}): {status.lastError.message}
        </p>
      )}
      {files.length > 0 ? (
        <ul className="backup-files" aria-label="Backups" data-testid="backup-files">
          {files.slice(0, SHOWN_FILES).map((file) => (
            <li key={file.name} title={file.path}>
              <span>{dateTime(file.at)}</span> <span className="muted">{fileSize(file.bytes)}</span>
            </li>
          ))}
          {files.length > SHOWN_FILES && <li className="muted">and {plural(files.length - SHOWN_FILES, 'older backup')}</li>}
        </ul>
      ) : (
        status && <p className="muted small">No backups in this folder yet.</p>
      )}
      <button type="button" disabled={!status || status.running} onClick={() => void backUp(services)}>
        {status?.running ? 'Backing up…' : 'Back up now'}
      </button>
      <label className="field">
        <span>Or copy the database to a file of your choice</span>
        <input aria-label="Backup path" placeholder="/path/to/flowgate-copy.db" value={copyPath} onChange={(e) => setCopyPath(e.target.value)} />
      </label>
      <button type="button" disabled={!copyPath.trim()} onClick={() => void backUp(services, copyPath.trim())}>
        Copy now
      </button>
      {made && (
        <p className={made.ok ? 'notice' : 'error'} role="status" data-testid="backup-result">
          {made.ok ? `Backed up ${fileSize(made.file.bytes)} to ${made.file.path}` : made.message}
        </p>
      )}
      <p className="muted small">
        To restore a backup: in the desktop app, <em>File → Restore a Backup…</em> (it restarts Flowgate); headless, stop Flowgate and run{' '}
        <code>npm run restore -- &lt;backup file&gt;</code>. The data it replaces is kept in the data folder.
      </p>
    </div>
  )
}

/** The backups, then their schedule: how often, how many kept, where. */
export function BackupSettings() {
  const folder = useBackups((s) => s.status?.folder)
  return (
    <>
      <BackupPanel />
      <SettingsGroup
        title="Backup schedule"
        keys={['FLOWGATE_BACKUP_INTERVAL_HOURS', 'FLOWGATE_BACKUP_KEEP', 'FLOWGATE_BACKUP_DIR']}
        placeholders={folder ? { FLOWGATE_BACKUP_DIR: folder } : {}}
        testId="settings-backup-schedule"
      />
    </>
  )
}
