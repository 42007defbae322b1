/** OpenRouter credits as dollars, to the precision a small spend needs: $0.0004, $0.123, $12.30. */
export function creditsSaid(credits: number): string {
  if (credits === 0) return '$0'
  if (credits < 0.01) return `$${credits.toFixed(4)}`
  if (credits < 1) return `$${credits.toFixed(3)}`
  return `$${credits.toFixed(2)}`
}
