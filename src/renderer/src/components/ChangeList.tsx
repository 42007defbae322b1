import type { DataChange } from '../../../shared/data-changes'
import { changeLine } from '../lib/approval-draft'

/** The places a person changed in some data, a line each, the first twenty. */
export function ChangeList({ changes, testId }: { changes: DataChange[]; testId: string }) {
  const shown = changes.slice(0, 20)
  return (
    <ul className="changes" data-testid={testId}>
      {shown.map((change) => (
        <li key={`${change.change}:${change.path}`}>{changeLine(change)}</li>
      ))}
      {changes.length > shown.length && <li className="muted">and {changes.length - shown.length} more</li>}
    </ul>
  )
}
