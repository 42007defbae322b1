import { useShallow } from 'zustand/react/shallow'
import { useHealthStore } from '../stores/health'
import { selectOverall } from '../stores/health-selectors'

export function StatusBadge() {
  const overall = useHealthStore(useShallow(selectOverall))
  return (
    <span className={`badge badge-${overall.tone}`} role="status" data-testid="core-status">
      {overall.label}
    </span>
  )
}
