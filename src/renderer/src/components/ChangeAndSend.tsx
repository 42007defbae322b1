import { useState } from 'react'
import { plural } from '../../../shared/text'
import { checkDraft, draftText, editable } from '../lib/approval-draft'
import { ChangeList } from './ChangeList'

interface ChangeAndSendProps {
  /** The data as it stands, which the edit starts from. */
  original: unknown
  /** Whether it may be changed and sent now. */
  available: boolean
  /** Words of the button that opens the editor, the editor's name, what sending does, and the send button's words. */
  words: { open: string; editor: string; effect: string; send: string }
  /** Prefix of the test ids of the check line and the change list. */
  testId: string
  /** Sends the changed data; resolves true when it went (the editor closes). */
  onSend: (data: Record<string, unknown>) => Promise<boolean>
  /** Counts requests to open the editor from elsewhere (a key): each new value opens it. */
  openRequests?: number
}

/** Data corrected as JSON, each change listed as typed, then sent on (a webhook replayed, an execution retried). */
export function ChangeAndSend({ original, available, words, testId, onSend, openRequests = 0 }: ChangeAndSendProps) {
  const [text, setText] = useState<string | null>(null)
  const [openedFor, setOpenedFor] = useState(openRequests)
  // Asked to open (a key): opened during render, once per request, as React allows for state derived from props.
  if (openRequests !== openedFor) {
    setOpenedFor(openRequests)
    if (text === null && available && editable(original)) setText(draftText(original))
  }
  if (text === null) {
    return available && editable(original) ? (
      <button type="button" onClick={() => setText(draftText(original))}>
        {words.open}
      </button>
    ) : null
  }
  const check = checkDraft(original, text)
  const summary = !check.ok ? check.message : check.changes.length ? `${plural(check.changes.length, 'change')}: ${words.effect}` : 'No changes yet'
  return (
    <div className="data-editor">
      <textarea className="json" aria-label={words.editor} value={text} onChange={(e) => setText(e.target.value)} rows={Math.min(24, text.split('\n').length + 1)} spellCheck={false} autoFocus />
      <p className={check.ok ? 'muted' : 'error'} role="status" data-testid={`${testId}-check`}>
        {summary}
      </p>
      {check.ok && check.changes.length > 0 && <ChangeList changes={check.changes} testId={`${testId}-changes`} />}
      <div className="toolbar">
        <button type="button" className="primary" disabled={!check.ok || check.changes.length === 0} onClick={() => check.ok && void onSend(check.data).then((done) => done && setText(null))}>
          {words.send}
        </button>
        <button type="button" onClick={() => setText(null)}>
          Cancel
        </button>
      </div>
    </div>
  )
}
