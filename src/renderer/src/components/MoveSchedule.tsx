import { useState } from 'react'
import { localInputValue, sendAtOf } from '../lib/send-at'
import { useServices } from '../services/context'
import { useExecutionDetail } from '../stores/executions'

/** A scheduled execution's moment, moved: the field starts at the moment it has. */
export function MoveSchedule({ sendAt }: { sendAt: number }) {
  const services = useServices()
  const [value, setValue] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  if (value === null) {
    return (
      <button type="button" className="link" onClick={() => setValue(localInputValue(sendAt))}>
        Move it
      </button>
    )
  }
  const save = async () => {
    try {
      const moved = sendAtOf(value)
      if (moved === null) return setProblem('Choose a date and time, or send it now')
      if (await useExecutionDetail.getState().reschedule(services, moved)) setValue(null)
    } catch (error) {
      setProblem((error as Error).message)
    }
  }
  return (
    <span className="move-schedule">
      <input type="datetime-local" value={value} onChange={(e) => (setValue(e.target.value), setProblem(null))} aria-label="Send it at" />
      <button type="button" onClick={() => void save()}>
        Move
      </button>
      <button type="button" onClick={() => (setValue(null), setProblem(null))}>
        Keep
      </button>
      {problem && (
        <span className="error" role="alert">
          {problem}
        </span>
      )}
    </span>
  )
}
