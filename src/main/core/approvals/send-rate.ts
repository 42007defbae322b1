const HOUR = 3_600_000
const WEEK = 7 * 24 * HOUR

export interface SendHistory {
  /** Approved email sends to this lead in the last 7 days. */
  approvedInLastWeek: number
  lastApprovedAt: number | null
}

export interface SendLimits {
  maxPerWeek: number
  minHoursApart: number
}

export const SEND_RATE_WINDOW_MS = WEEK

/** Why an email_send to a lead must wait, or null when it may go. */
export function sendRateHold(history: SendHistory, now: number, limits: SendLimits): string | null {
  if (history.approvedInLastWeek >= limits.maxPerWeek) {
    return `send-rate policy: this lead already got ${history.approvedInLastWeek} email(s) in the last 7 days (at most ${limits.maxPerWeek})`
  }
  if (history.lastApprovedAt !== null && now - history.lastApprovedAt < limits.minHoursApart * HOUR) {
    const hours = Math.floor((now - history.lastApprovedAt) / HOUR)
    return `send-rate policy: the last email to this lead was ${hours} h ago (at least ${limits.minHoursApart} h apart)`
  }
  return null
}
