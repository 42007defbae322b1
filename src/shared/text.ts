/** "1 approval", "3 approvals", "2 retries": a count with its noun, as every list and notice words it. */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string => `${count} ${count === 1 ? noun : nouns}`
