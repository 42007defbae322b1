import { useState } from 'react'
import type { MethodInput } from '../../../shared/contract'
import { plural } from '../../../shared/text'
import { useServices } from '../services/context'

type ExportMethod = 'executions.export' | 'approvals.export' | 'monitoring.export' | 'queue.export'

/** Hands a file to the browser (or the desktop window's save dialog) as a download. */
function saveFile(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = Object.assign(document.createElement('a'), { href: url, download: filename })
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** "Export CSV" of every row the list's filter matches, not only those loaded. */
export function ExportButton({ method, filter }: { method: ExportMethod; filter: MethodInput<ExportMethod> }) {
  const services = useServices()
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState<{ error: boolean; text: string } | null>(null)

  const run = async () => {
    setBusy(true)
    try {
      const file = await services.call(method, filter)
      saveFile(file.filename, file.csv)
      setSaid({ error: false, text: `${plural(file.rows, 'row')} exported${file.truncated ? ' (the newest; more matched)' : ''}` })
    } catch (error) {
      setSaid({ error: true, text: (error as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button type="button" disabled={busy} onClick={() => void run()}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {said && (
        <span className={said.error ? 'error small' : 'muted small'} role="status" data-testid="export-result">
          {said.text}
        </span>
      )}
    </>
  )
}
