import { plural } from '../../../shared/text'
import { relativeTime, shortDateTime } from './format'

const text = (value: unknown): string | null => {
  if (typeof value === 'string' && value) return value
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message
  return null
}

/**
 * One line saying what an event's data means for the operator (why it failed, when it is
 * tried again), or null when its name says it all. Unknown fields are left to the raw view.
 */
export function eventSummary(data: unknown, now = Date.now()): string | null {
  if (!data || typeof data !== 'object') return null
  const fields = data as Record<string, unknown>
  const parts = [
    // An operator action says itself what it did.
    text(fields.summary),
    typeof fields.attempt === 'number' ? `attempt ${fields.attempt}` : null,
    typeof fields.status === 'number' ? `n8n answered ${fields.status}` : null,
    text(fields.error) ?? text(fields.reason),
    // A decision that let changed data through names what was changed.
    Array.isArray(fields.changed) && fields.changed.length ? `changed ${fields.changed.join(', ')}` : null,
    typeof fields.nextAttemptAt === 'number' ? `next attempt ${relativeTime(fields.nextAttemptAt, now)}` : null,
    // A trigger scheduled for later says for when.
    typeof fields.send_at === 'number' ? `scheduled for ${shortDateTime(fields.send_at, now)}` : null,
    // A message to the operator's phone or chat says how many alerts it carried.
    typeof fields.alerts === 'number' ? `${plural(fields.alerts, 'alert')} in one message` : null,
    // A throttled warning stands for the ones like it that were not written.
    typeof fields.suppressed === 'number' && fields.suppressed > 0 ? `${fields.suppressed} more like it` : null,
  ].filter((part): part is string => part !== null)
  return parts.length ? parts.join(' · ') : null
}
