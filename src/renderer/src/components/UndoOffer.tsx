import { useEffect, useState } from 'react'
import { secondsLeft } from '../lib/format'

/** Seconds left until `until`, updated as they pass; 0 once it has. */
function useSecondsLeft(until: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => {
      const at = Date.now()
      setNow(at)
      if (at >= until) clearInterval(timer)
    }, 250)
    return () => clearInterval(timer)
  }, [until])
  return secondsLeft(until, now)
}

/** An Undo button that counts down to the moment the decision takes effect, then goes away. Key it by `until`. */
export function UndoOffer({ until, onUndo, label = 'Undo', disabled }: { until: number; onUndo: () => void; label?: string; disabled?: boolean }) {
  const left = useSecondsLeft(until)
  if (left === 0) return null
  return (
    <button type="button" className="undo" disabled={disabled} onClick={onUndo} data-testid="undo-offer">
      {label} · {left} s
    </button>
  )
}
