/** Headers worth keeping with a queue item; credentials and signatures never are. */
const KEPT = [
  'content-type',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'idempotency-key',
  'x-forwarded-for',
  'cf-connecting-ip',
  'x-request-id',
]

export function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const name of KEPT) {
    const value = headers[name]
    if (value !== undefined) kept[name] = (Array.isArray(value) ? value.join(', ') : value).slice(0, 1000)
  }
  return kept
}
