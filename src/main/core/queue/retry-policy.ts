/** Share of the delay added or taken away at random, so retries of a burst spread out. */
export const RETRY_JITTER = 0.1

/** Delay before retry number `retry` (1-based): base × 2^(retry−1), ±10%. */
export function retryDelayMs(retry: number, baseSeconds: number, random: () => number = Math.random): number {
  const base = baseSeconds * 1000 * 2 ** (retry - 1)
  return Math.round(base * (1 + (random() * 2 - 1) * RETRY_JITTER))
}
