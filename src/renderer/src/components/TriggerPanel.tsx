import { useState } from 'react'
import type { Workflow } from '../../../shared/schemas/workflows'
import { localInputValue, sendAtOf, whenScheduled } from '../lib/send-at'
import { useServices } from '../services/context'
import { useNavigation } from '../stores/navigation'
import { OutcomeNote, type Outcome } from './common'

const HOUR = 3600_000

/** Run a workflow by hand with JSON input: now, or at a moment chosen (a deploy tonight, a mailing on Monday). */
export function TriggerPanel({ workflow }: { workflow: Workflow }) {
  const services = useServices()
  const go = useNavigation((s) => s.go)
  const [input, setInput] = useState('{\n  \n}')
  const [event, setEvent] = useState(workflow.trigger_events[0] ?? 'manual')
  const [sendAt, setSendAt] = useState('')
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [triggered, setTriggered] = useState<number | null>(null)

  const trigger = async () => {
    setTriggered(null)
    let data: Record<string, unknown>
    let send_at: number | null
    try {
      data = JSON.parse(input) as Record<string, unknown>
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('must be a JSON object')
    } catch (error) {
      return setOutcome({ tone: 'error', text: `Input is not a JSON object: ${(error as Error).message}` })
    }
    try {
      send_at = sendAtOf(sendAt)
    } catch (error) {
      return setOutcome({ tone: 'error', text: `Send at: ${(error as Error).message}` })
    }
    try {
      const execution = await services.call('workflows.trigger', { id: workflow.id, trigger_event: event, input_data: data, trigger_source: 'console', ...(send_at === null ? {} : { send_at }) })
      const waits = workflow.requires_approval ? ' once approved' : ''
      const text =
        execution.send_at !== null ? `Execution #${execution.id} is scheduled: it goes to n8n at ${whenScheduled(execution.send_at)}${waits}` : `Execution #${execution.id} is ${execution.status}${execution.status === 'pending' && workflow.requires_approval ? ' (waiting for approval)' : ''}`
      setOutcome({ tone: 'ok', text })
      setTriggered(execution.id)
      setSendAt('')
    } catch (error) {
      setOutcome({ tone: 'error', text: (error as Error).message })
    }
  }

  return (
    <>
      <h4>Trigger</h4>
      <div className="trigger-fields">
        <label className="field">
          Event
          <input value={event} onChange={(e) => setEvent(e.target.value)} aria-label="Trigger event" />
        </label>
        <label className="field">
          Input (a JSON object)
          <textarea className="code" rows={6} value={input} onChange={(e) => setInput(e.target.value)} aria-label="Trigger input JSON" />
        </label>
        <label className="field">
          Send at (leave empty to send now)
          <input type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} aria-label="Send at" />
        </label>
        <div className="toolbar">
          {[1, 8, 24].map((hours) => (
            <button key={hours} type="button" className="small" onClick={() => setSendAt(localInputValue(Date.now() + hours * HOUR))}>
              in {hours} h
            </button>
          ))}
        </div>
      </div>
      <div className="toolbar">
        <button type="button" className="primary" disabled={!workflow.is_active} onClick={() => void trigger()}>
          {sendAt ? 'Schedule' : 'Trigger'}
        </button>
        {!workflow.is_active && <span className="muted">Inactive workflows cannot be triggered</span>}
      </div>
      <OutcomeNote outcome={outcome} testId="trigger-outcome" />
      {triggered !== null && (
        <button type="button" onClick={() => go({ screen: 'executions', id: triggered })}>
          Open execution #{triggered}
        </button>
      )}
    </>
  )
}
