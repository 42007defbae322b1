/** The form's send window: both times empty means any time. Days as the operator reads a week, Monday first. */
export interface SendWindowDraft {
  from: string
  to: string
  days: number[]
}

const WEEK: [number, string][] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [0, 'Sun'],
]

export const WORKING_DAYS = [1, 2, 3, 4, 5]

/** A complaint about one part of the window, said with the label the operator sees. */
export function sendWindowProblem(part: PropertyKey | undefined, message: string): string {
  const labels: Record<string, string> = { from: 'Send from', to: 'Send until', days: 'Days' }
  return part === undefined ? message : `${labels[String(part)] ?? String(part)}: ${message}`
}

export function SendWindowFields({ value, error, onChange }: { value: SendWindowDraft; error?: string; onChange: (value: SendWindowDraft) => void }) {
  const toggle = (day: number, on: boolean) => onChange({ ...value, days: on ? [...value.days, day] : value.days.filter((d) => d !== day) })
  return (
    <fieldset className="field send-window">
      <legend>Send to n8n only between (this computer's time; empty: any time)</legend>
      <div className="send-window-times">
        <input type="time" aria-label="Send from" aria-invalid={Boolean(error)} value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />
        <span>and</span>
        <input type="time" aria-label="Send until" aria-invalid={Boolean(error)} value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
      </div>
      <div className="checks-row">
        {WEEK.map(([day, name]) => (
          <label className="check" key={day}>
            <input type="checkbox" checked={value.days.includes(day)} onChange={(e) => toggle(day, e.target.checked)} /> {name}
          </label>
        ))}
      </div>
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  )
}
