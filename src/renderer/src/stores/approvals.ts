import { create } from 'zustand'
import type { MethodInput } from '../../../shared/contract'
import type { Approval } from '../../../shared/schemas/approvals'
import { plural } from '../../../shared/text'
import { describeChanges } from '../../../shared/data-changes'
import { checkDraft, draftText } from '../lib/approval-draft'
import type { Services } from '../services/api'
import { sinceOf, type Period } from '../lib/periods'
import { useNavigation } from './navigation'
import { pagedStore } from './paged'

export interface ApprovalFilter {
  status?: 'pending' | 'approved' | 'rejected' | 'expired'
  priority?: 'high' | 'medium' | 'low'
  workflow_id?: number
  search?: string
  expiring_within_minutes?: number
  n8n_not_told?: boolean
  /** Requested within this period, counted back from each read. */
  period?: Period
}

/** The filter as the core takes it (export included): the period as the moment it starts now. */
export const approvalQuery = ({ period, ...rest }: ApprovalFilter) => ({ ...rest, search: rest.search || undefined, since: sinceOf(period) })

export const useApprovals = pagedStore<Approval, ApprovalFilter>({ status: 'pending' }, (services, filter, page, page_size) =>
  services.call('approvals.list', { ...approvalQuery(filter), page, page_size }),
)

/** One bulk decision, by ids or by the inbox's filter, and what the inbox then says and offers to undo. */
async function bulkDecision(services: Services, decision: 'approved' | 'rejected', target: { approval_ids: number[] } | { filter: NonNullable<MethodInput<'approvals.bulk'>['filter']> }): Promise<void> {
  useInbox.setState({ busy: true })
  try {
    const result = await services.call('approvals.bulk', { ...target, action: decision, approver_name: APPROVER_NAME, reason: useInbox.getState().reason || undefined, source: 'window' })
    const skipped = result.skipped.length ? `; ${result.skipped.length} skipped (${result.skipped[0]?.reason})` : ''
    const remaining = result.remaining ? `; ${result.remaining} more match: decide again for the next ones` : ''
    useInbox.setState({
      busy: false,
      selected: [],
      reason: '',
      notice: { tone: 'ok', text: `${result.decided.length} ${decision}${skipped}${remaining}` },
      undoable: result.takes_effect_at ? { ids: result.decided, takesEffectAt: result.takes_effect_at } : null,
    })
  } catch (error) {
    useInbox.setState({ busy: false, notice: { tone: 'error', text: (error as Error).message } })
  }
  await useApprovals.getState().load(services)
}

/** The approvals screen showing `filter` alone (the other filters cleared). */
export async function openApprovals(services: Services, filter: ApprovalFilter): Promise<void> {
  // There first: a list read after the operator moved on must not take them back.
  useNavigation.getState().go({ screen: 'approvals', id: null })
  await useApprovals.getState().setFilter(services, { status: undefined, priority: undefined, workflow_id: undefined, search: undefined, expiring_within_minutes: undefined, n8n_not_told: undefined, period: undefined, ...filter })
}

/** Where the operator is in the inbox: the row under the cursor, the rows ticked, the last outcome. */
export interface InboxState {
  cursor: number
  selected: number[]
  reason: string
  notice: { tone: 'ok' | 'error'; text: string } | null
  /** The last decisions made here while they can still be undone. */
  undoable: { ids: number[]; takesEffectAt: number } | null
  busy: boolean
  /** The data of one approval as being changed before approving it (kept while the cursor moves). */
  draft: { approvalId: number; text: string } | null
  editDraft(approval: Approval): void
  setDraftText(text: string): void
  discardDraft(): void
  setCursor(index: number): void
  toggle(id: number): void
  clearSelection(): void
  setReason(reason: string): void
  decide(services: Services, approval: Approval, decision: 'approved' | 'rejected'): Promise<void>
  decideSelected(services: Services, decision: 'approved' | 'rejected'): Promise<void>
  /** Decides every pending approval the inbox's filter shows (the server finds them all, not only those loaded). */
  decideShown(services: Services, decision: 'approved' | 'rejected', filter: ApprovalFilter): Promise<void>
  /** Takes back the given decisions, or the last ones made here. */
  undo(services: Services, ids?: number[]): Promise<void>
}

export const APPROVER_NAME = 'operator'

export const useInbox = create<InboxState>()((set, get) => ({
  cursor: 0,
  selected: [],
  reason: '',
  notice: null,
  undoable: null,
  busy: false,
  draft: null,
  editDraft: (approval) => {
    if (get().draft?.approvalId !== approval.id) set({ draft: { approvalId: approval.id, text: draftText(approval.approval_data) } })
  },
  setDraftText: (text) => {
    const draft = get().draft
    // A refusal of the earlier text no longer applies once it is being corrected.
    if (draft) set({ draft: { ...draft, text }, notice: get().notice?.tone === 'error' ? null : get().notice })
  },
  discardDraft: () => set({ draft: null }),
  setCursor: (cursor) => set({ cursor }),
  toggle: (id) => set({ selected: get().selected.includes(id) ? get().selected.filter((x) => x !== id) : [...get().selected, id] }),
  clearSelection: () => set({ selected: [] }),
  setReason: (reason) => set({ reason }),
  async decide(services, approval, decision) {
    // An approval goes with the changes made to its data; a rejection sends nothing on, so they are dropped.
    const draft = decision === 'approved' && get().draft?.approvalId === approval.id ? checkDraft(approval.approval_data, get().draft!.text) : null
    if (draft && !draft.ok) return set({ notice: { tone: 'error', text: `Not approved: ${draft.message}` } })
    const changes = draft?.ok ? draft.changes : []
    set({ busy: true })
    try {
      const approved_data = changes.length && draft?.ok ? draft.data : undefined
      const decided = await services.call('approvals.decide', { id: approval.id, decision, approver_name: APPROVER_NAME, reason: get().reason || undefined, source: 'window', approved_data })
      const waiting = decided.pending_decision
      const withChanges = changes.length ? ` with changes to ${describeChanges(changes)}` : ''
      set({
        busy: false,
        reason: '',
        draft: get().draft?.approvalId === approval.id ? null : get().draft,
        notice: { tone: 'ok', text: `${decision === 'approved' ? 'Approved' : 'Rejected'}${withChanges}: ${approval.approval_title}` },
        undoable: waiting ? { ids: [approval.id], takesEffectAt: waiting.takes_effect_at } : null,
      })
    } catch (error) {
      set({ busy: false, notice: { tone: 'error', text: (error as Error).message } })
    }
    await useApprovals.getState().load(services)
  },
  async decideSelected(services, decision) {
    const ids = get().selected
    if (ids.length === 0) return
    await bulkDecision(services, decision, { approval_ids: ids })
  },
  async decideShown(services, decision, filter) {
    const { priority, workflow_id, search, expiring_within_minutes, since } = approvalQuery(filter)
    await bulkDecision(services, decision, { filter: { priority, workflow_id, search, expiring_within_minutes, since } })
  },
  async undo(services, ids = get().undoable?.ids ?? []) {
    if (ids.length === 0) return
    set({ busy: true })
    try {
      const result = await services.call('approvals.undo', { approval_ids: ids })
      const undone = result.undone.length ? `Undone: ${plural(result.undone.length, 'decision')}, pending again, nothing was sent` : ''
      const skipped = result.skipped[0] ? `${result.skipped.length} could not be undone: ${result.skipped[0].reason}` : ''
      set({ busy: false, undoable: null, notice: { tone: skipped ? 'error' : 'ok', text: [undone, skipped].filter(Boolean).join('; ') } })
    } catch (error) {
      set({ busy: false, notice: { tone: 'error', text: (error as Error).message } })
    }
    await useApprovals.getState().load(services)
  },
}))
