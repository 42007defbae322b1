import { dataChanges } from '../../../shared/data-changes'
import type { QueueItem } from '../../../shared/schemas/queue'
import { ChangeAndSend } from './ChangeAndSend'
import { ChangeList } from './ChangeList'
import { JsonBlock } from './common'

const replayWords = { open: 'Change and replay…', editor: 'Body to replay', effect: 'replaying handles the body as changed here', send: 'Replay with changes' }

/**
 * A finished webhook's body, corrected and sent through again (a callback that named the wrong
 * execution, say); the core checks it as the door checked n8n's, and keeps what n8n sent.
 */
export function ReplayWithChanges({ item, onReplay, openRequests }: { item: QueueItem; onReplay: (payload: Record<string, unknown>) => Promise<boolean>; openRequests?: number }) {
  const finished = item.status === 'completed' || item.status === 'failed'
  return <ChangeAndSend original={item.payload} available={finished} words={replayWords} testId="replay" onSend={onReplay} openRequests={openRequests} />
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
