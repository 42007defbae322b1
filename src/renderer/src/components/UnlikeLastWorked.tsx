import { useMemo } from 'react'
import { shapeDifferences, shapeLine } from '../../../shared/input-shape'
import { relativeTime } from '../lib/format'
import { useNavigation } from '../stores/navigation'

interface Props {
  input: unknown
  lastWorked: { id: number; created_at: number; input_data: unknown } | null
}

/**
 * For a failed execution: how its input's shape differs from the last run of its workflow that
 * worked — a field missing, a number now null — or that it does not, which points at n8n's side.
 */
export function UnlikeLastWorked({ input, lastWorked }: Props) {
  const differences = useMemo(() => (lastWorked ? shapeDifferences(lastWorked.input_data, input) : []), [lastWorked, input])
  if (!lastWorked) return null
  const go = useNavigation.getState().go
  const worked = (
    <button type="button" className="link" onClick={() => go({ screen: 'executions', id: lastWorked.id })}>
      #{lastWorked.id}
    </button>
  )
  return (
    <section data-testid="unlike-last-worked">
      <h4>Unlike the last run that worked</h4>
      {differences.length ? (
        <>
          <p className="muted small">
            Its input, against that of {worked} ({relativeTime(lastWorked.created_at)}), field by field; values of the same kind are left aside.
          </p>
          <ul className="changes">
            {differences.map((difference) => (
              <li key={`${difference.change}:${difference.path}`}>{shapeLine(difference)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted small">
          Its input has the same fields, of the same kinds, as that of {worked} ({relativeTime(lastWorked.created_at)}), which worked: look at n8n's side
          (a credential, the service it calls).
        </p>
      )}
    </section>
  )
}
