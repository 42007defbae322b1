import { describe, expect, it } from 'vitest'
import { eventSummary } from '../../src/renderer/src/lib/event-summary'

describe('timeline event summaries', () => {
  const now = 1_000_000_000

  it('says why a dispatch is tried again, and when', () => {
    const data = { attempt: 1, error: 'n8n answered 404: webhook is not registered', nextAttemptAt: now + 60_000 }
    expect(eventSummary(data, now)).toBe('attempt 1 · n8n answered 404: webhook is not registered · next attempt in 1 min')
  })

  it("names n8n's answer to a sent call, and an error given as an object or a reason", () => {
    expect(eventSummary({ status: 200, attempt: 2 }, now)).toBe('attempt 2 · n8n answered 200')
    expect(eventSummary({ error: { message: 'Email quota exceeded' } }, now)).toBe('Email quota exceeded')
    expect(eventSummary({ action: 'queue.replayMany', summary: 'replayed 3 webhooks' }, now)).toBe('replayed 3 webhooks')
    expect(eventSummary({ reason: 'expired after 24 h' }, now)).toBe('expired after 24 h')
    expect(eventSummary({ reason: 'bad', error: 'X-N8N-Signature does not match', suppressed: 24 }, now)).toBe('X-N8N-Signature does not match · 24 more like it')
  })

  it('names what a person changed in the data they approved', () => {
    expect(eventSummary({ approvalId: 3, by: 'Ada', reason: 'typo', changed: ['subject', 'recipients[2]'] }, now)).toBe('typo · changed subject, recipients[2]')
    expect(eventSummary({ approvalId: 3, by: 'Ada', reason: null }, now)).toBeNull()
  })

  it('says how many alerts went in a message, and why one did not arrive', () => {
    expect(eventSummary({ alerts: 3, through: now }, now)).toBe('3 alerts in one message')
    expect(eventSummary({ error: 'the alert service answered 503', alerts: 1, through: now }, now)).toBe('the alert service answered 503 · 1 alert in one message')
  })

  it('says for when a trigger was scheduled', () => {
    const at = new Date(2026, 10, 30, 21, 5).getTime()
    expect(eventSummary({ trigger_event: 'manual', trigger_source: 'console', send_at: at }, at - 3 * 24 * 3600_000)).toMatch(/^scheduled for Nov 30, 0?9:05 PM$|^scheduled for Nov 30, 21:05$/)
  })

  it('says nothing when the event name says it all', () => {
    expect(eventSummary(null, now)).toBeNull()
    expect(eventSummary({ trigger_event: 'lead.created' }, now)).toBeNull()
    expect(eventSummary('text', now)).toBeNull()
  })
})
