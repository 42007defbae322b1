import { useState } from 'react'
import { addSuggestedRules, suggestFieldRules } from '../../../shared/input-fields'
import { commaSeparated, plural } from '../../../shared/text'
import { useServices } from '../services/context'

interface SuggestInputRulesProps {
  workflowId: number
  /** The form's rules as typed, comma-separated. */
  value: string
  onChange: (value: string) => void
}

/** Rules learnt from the input of the workflow's latest completed run, added to what the operator wrote. */
export function SuggestInputRules({ workflowId, value, onChange }: SuggestInputRulesProps) {
  const services = useServices()
  const [note, setNote] = useState<string | null>(null)

  const suggest = async () => {
    try {
      const latest = await services.call('executions.list', { workflow_id: workflowId, status: 'completed', page: 1, page_size: 1 })
      const worked = latest.items[0]
      if (!worked) return setNote('No completed run yet to learn from.')
      const current = commaSeparated(value)
      const merged = addSuggestedRules(current, suggestFieldRules(worked.input_data))
      onChange(merged.join(', '))
      setNote(`From run #${worked.id}: ${plural(merged.length - current.length, 'field')} added; remove any a run may lack.`)
    } catch (error) {
      setNote((error as Error).message)
    }
  }

  return (
    <div className="toolbar">
      <button type="button" onClick={() => void suggest()}>
        Suggest from its last completed run
      </button>
      {note && (
        <span role="status" className="muted">
          {note}
        </span>
      )}
    </div>
  )
}
