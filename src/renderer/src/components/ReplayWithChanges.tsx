import { useState } from 'react'
import { dataChanges } from '../../../shared/data-changes'
import type { QueueItem } from '../../../shared/schemas/queue'
import { plural } from '../../../shared/text'
import { checkDraft, draftText, editable } from '../lib/approval-draft'
import { ChangeList } from './ChangeList'
import { JsonBlock } from './common'

/**
 * A finished webhook's body, corrected and sent through again (a callback that named the wrong
 * execution, say); the core checks it as the door checked n8n's, and keeps what n8n sent.
 */
export function ReplayWithChanges({ item, onReplay }: { item: QueueItem; onReplay: (payload: Record<string, unknown>) => Promise<boolean> }) {
  const [text, setText] = useState<string | null>(null)
  const finished = item.status === 'completed' || item.status === 'failed'
  if (text === null) {
    return finished && editable(item.payload) ? (
      <button type="button" onClick={() => setText(draftText(item.payload))}>
        Change and replay…
      </button>
    ) : null
  }
  const check = checkDraft(item.payload, text)
  const summary = !check.ok ? check.message : check.changes.length ? `${plural(check.changes.length, 'change')}: replaying handles the body as changed here` : 'No changes yet'
  return (
    <div className="data-editor">
      <textarea className="json" aria-label="Body to replay" value={text} onChange={(e) => setText(e.target.value)} rows={Math.min(24, text.split('\n').length + 1)} spellCheck={false} autoFocus />
      <p className={check.ok ? 'muted' : 'error'} role="status" data-testid="replay-check">
        {summary}
      </p>
      {check.ok && check.changes.length > 0 && <ChangeList changes={check.changes} testId="replay-changes" />}
      <div className="toolbar">
        <button type="button" className="primary" disabled={!check.ok || check.changes.length === 0} onClick={() => check.ok && void onReplay(check.data).then((done) => done && setText(null))}>
          Replay with changes
        </button>
        <button type="button" onClick={() => setText(null)}>
          Cancel
        </button>
      </div>
    </div>
  )
}

/** What a replay changed, against what n8n sent, with n8n's original beside it. */
export function ChangedBeforeReplay({ item }: { item: QueueItem }) {
  if (item.original_payload === null || item.original_payload === undefined) return null
  return (
    <div data-testid="changed-before-replay">
      <h4>Changed before a replay</h4>
      <ChangeList changes={dataChanges(item.original_payload, item.payload)} testId="replay-changed-list" />
      <JsonBlock value={item.original_payload} label="As n8n sent it" />
    </div>
  )
}
