/**
 * A transaction runner whose outermost commit fails with `message` after the work ran; nested
 * calls (savepoints) succeed. Stands in for a disk that fills up at the commit.
 */
export function transactionFailingAtCommit(message: string): <T>(work: () => T) => T {
  let depth = 0
  return <T>(work: () => T): T => {
    depth += 1
    try {
      const result = work()
      if (depth === 1) throw new Error(message)
      return result
    } finally {
      depth -= 1
    }
  }
}
