import type { AiUsage, ModelUsage } from './schemas/approvals'
import { plural } from './text'

/** OpenRouter credits as dollars, to the precision a small spend needs: $0.0004, $0.123, $12.30. */
export function creditsSaid(credits: number): string {
  if (credits === 0) return '$0'
  if (credits < 0.01) return `$${credits.toFixed(4)}`
  if (credits < 1) return `$${credits.toFixed(3)}`
  return `$${credits.toFixed(2)}`
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })

/** "3 calls (1 failed) · 1.1K tokens", and how many calls did not say their cost. */
function callsSaid(usage: ModelUsage): string {
  const failed = usage.failed ? ` (${usage.failed} failed)` : ''
  const unpriced = usage.unpriced_calls ? ` · ${usage.unpriced_calls} without a cost said` : ''
  return `${plural(usage.calls, 'call')}${failed} · ${compact.format(usage.prompt_tokens + usage.completion_tokens)} tokens${unpriced}`
}

/** "$0.0013 · 3 calls (1 failed) · 1.1K tokens". */
export function modelUsageSaid(usage: ModelUsage): string {
  return usage.calls === 0 ? 'no calls to the model' : `${creditsSaid(usage.cost)} · ${callsSaid(usage)}`
}

/** Today's spend against the daily budget: "$0.40 of $1.00 (40%) · 12 calls · 9.3K tokens". */
export function todaySpendSaid({ today, daily_budget: budget }: AiUsage): string {
  if (budget === null) return `${modelUsageSaid(today)} · no daily budget`
  const share = budget > 0 ? ` (${Math.round((today.cost / budget) * 100)}%)` : ''
  const calls = today.calls ? ` · ${callsSaid(today)}` : ''
  const spent = today.cost >= budget ? ' — spent: approvals wait for you until midnight UTC' : ''
  return `${creditsSaid(today.cost)} of ${creditsSaid(budget)}${share}${calls}${spent}`
}
