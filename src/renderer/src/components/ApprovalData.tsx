import { useShallow } from 'zustand/react/shallow'
import type { Approval } from '../../../shared/schemas/approvals'
import { dataChanges } from '../../../shared/data-changes'
import { plural } from '../../../shared/text'
import { checkDraft, editable } from '../lib/approval-draft'
import { ChangeList } from './ChangeList'
import { useInbox } from '../stores/approvals'
import { JsonBlock } from './common'

/** Can a person still change this approval's data before approving it? */
export const canChangeData = (approval: Approval): boolean =>
  approval.status === 'pending' && !approval.pending_decision && editable(approval.approval_data)

/** The approval's data; while it is pending, the place to correct it before approving. */
export function ApprovalData({ approval }: { approval: Approval }) {
  const { draft, editDraft, setDraftText, discardDraft } = useInbox(
    useShallow((s) => ({ draft: s.draft, editDraft: s.editDraft, setDraftText: s.setDraftText, discardDraft: s.discardDraft })),
  )
  const editing = canChangeData(approval) && draft?.approvalId === approval.id ? draft : null
  if (!editing) {
    return (
      <>
        <JsonBlock value={approval.approval_data} label="Approval payload" />
        {canChangeData(approval) && (
          <button type="button" onClick={() => editDraft(approval)}>
            Change before approving (e)
          </button>
        )}
        {approval.approved_data && (
          <div data-testid="approved-changes">
            <h4>Approved with changes</h4>
            <ChangeList changes={dataChanges(approval.approval_data, approval.approved_data)} testId="approved-change-list" />
            <JsonBlock value={approval.approved_data} label="Data as approved" />
          </div>
        )}
      </>
    )
  }
  const check = checkDraft(approval.approval_data, editing.text)
  const summary = !check.ok
    ? check.message
    : check.changes.length
      ? `${plural(check.changes.length, 'change')}: approving sends the data as changed here`
      : 'No changes yet: approving sends the data as asked'
  return (
    <div className="data-editor">
      <textarea
        className="json"
        aria-label="Data to approve"
        value={editing.text}
        onChange={(e) => setDraftText(e.target.value)}
        rows={Math.min(24, editing.text.split('\n').length + 1)}
        spellCheck={false}
        autoFocus
      />
      <p className={check.ok ? 'muted' : 'error'} role="status" data-testid="draft-check">
        {summary}
      </p>
      {check.ok && check.changes.length > 0 && <ChangeList changes={check.changes} testId="draft-changes" />}
      <div className="toolbar">
        <button type="button" onClick={discardDraft}>
          Discard changes
        </button>
      </div>
    </div>
  )
}
