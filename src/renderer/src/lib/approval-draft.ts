import { dataChanges, type DataChange } from '../../../shared/data-changes'
import { APPROVED_DATA_MAX_CHARS } from '../../../shared/schemas/approvals'

export type DraftCheck =
  | { ok: true; data: Record<string, unknown>; changes: DataChange[] }
  | { ok: false; message: string }

/** The text an edit starts from: the data as asked, laid out to be read and changed. */
export const draftText = (asked: unknown): string => JSON.stringify(asked ?? {}, null, 2)

/** Data to correct — an object, not too large to send back through the console — can be edited; other data is shown. */
export const editable = (asked: unknown): boolean =>
  asked !== null && typeof asked === 'object' && !Array.isArray(asked) && draftText(asked).length <= APPROVED_DATA_MAX_CHARS

/** What an edited text would approve: a JSON object and what differs from what was asked, or why not. */
export function checkDraft(asked: unknown, text: string): DraftCheck {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, message: 'The data must stay a JSON object ({ … })' }
  if (JSON.stringify(data).length > APPROVED_DATA_MAX_CHARS) return { ok: false, message: 'The data is larger than 1 MiB as JSON' }
  return { ok: true, data: data as Record<string, unknown>, changes: dataChanges(asked, data) }
}

/** A change as one line: `subject: "Offer" → "Offer!"`. */
export function changeLine(change: DataChange): string {
  const shown = (value: unknown) => {
    const text = JSON.stringify(value)
    return text.length > 80 ? `${text.slice(0, 79)}…` : text
  }
  if (change.change === 'added') return `${change.path}: added ${shown(change.after)}`
  if (change.change === 'removed') return `${change.path}: removed (was ${shown(change.before)})`
  return `${change.path}: ${shown(change.before)} → ${shown(change.after)}`
}
