import { useState } from 'react'

/**
 * One call to the core made when the operator asks (a button): its latest answer, or why it
 * failed (the answer then cleared, so nothing stale stands beside the error), and whether one is
 * under way.
 */
export function useRequest<T>(request: () => Promise<T>): { answer: T | null; problem: string | null; busy: boolean; run: () => Promise<void> } {
  const [answer, setAnswer] = useState<T | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    try {
      setAnswer(await request())
      setProblem(null)
    } catch (error) {
      setAnswer(null)
      setProblem((error as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return { answer, problem, busy, run }
}
