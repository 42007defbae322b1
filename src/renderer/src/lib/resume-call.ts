import type { ResumeCall } from '../../../shared/schemas/approvals'
import { relativeTime } from './format'

/** How telling n8n the decision went, in a sentence, with how worried to look. Errors say n8n's answer themselves. */
export function resumeCallText(call: ResumeCall, now = Date.now()): { tone: 'ok' | 'warn' | 'error'; text: string } {
  if (call.status === 'done') return { tone: 'ok', text: `n8n took the decision (it answered ${call.last_status}) ${relativeTime(call.updated_at, now)}` }
  if (call.held) return { tone: 'warn', text: "Held: calls to n8n for this workflow wait until they are released on the workflow's page" }
  if (call.status === 'failed') return { tone: 'error', text: `n8n was not told the decision: ${call.last_error ?? 'it refused'}` }
  if (call.attempts === 0 || call.status === 'sending') return { tone: 'warn', text: 'Telling n8n the decision…' }
  const next = call.next_attempt_at === null ? '' : `; trying again ${relativeTime(call.next_attempt_at, now)}`
  return { tone: 'warn', text: `n8n has not taken the decision yet: ${call.last_error ?? 'no answer'} (attempt ${call.attempts})${next}` }
}
