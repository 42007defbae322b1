import { periods, type Period } from '../lib/periods'

/**
 * Narrows a list to what happened within a period, counted back from each read; each option
 * names what it narrows ("Events: last hour"), as the screen's other filters do.
 */
export function PeriodSelect({ label, what, value, onChange }: { label: string; what: string; value: Period | undefined; onChange: (period: Period | undefined) => void }) {
  return (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as Period | undefined)}>
      <option value="">{what}: any time</option>
      {periods.map((p) => (
        <option key={p.id} value={p.id}>
          {what}: {p.label.toLowerCase()}
        </option>
      ))}
    </select>
  )
}
