import { useEffect, useState } from 'react'
import { secondsLeft } from '../lib/format'

/** Seconds left until `until`, updated as they pass; 0 once it has. */
function useSecondsLeft(until: number): number {
  const [left, setLeft] = useState(() => secondsLeft(until))
  useEffect(() => {
    setLeft(secondsLeft(until))
    const timer = setInterval(() => {
      const now = secondsLeft(until)
      setLeft(now)
      if (now === 0) clearInterval(timer)
    }, 250)
    return () => clearInterval(timer)
  }, [until])
  return left
}

/** An Undo button that counts down to the moment the decision takes effect, then goes away. */
export function UndoOffer({ until, onUndo, label = 'Undo', disabled }: { until: number; onUndo: () => void; label?: string; disabled?: boolean }) {
  const left = useSecondsLeft(until)
  if (left === 0) return null
  return (
    <button type="button" className="undo" disabled={disabled} onClick={onUndo} data-testid="undo-offer">
      {label} · {left} s
    </button>
  )
}
