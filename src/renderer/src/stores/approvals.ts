import { create } from 'zustand'
import type { Approval } from '../../../shared/schemas/approvals'
import type { Services } from '../services/api'
import { pagedStore } from './paged'

export interface ApprovalFilter {
  status?: 'pending' | 'approved' | 'rejected' | 'expired'
  priority?: 'high' | 'medium' | 'low'
  workflow_id?: number
  search?: string
}

export const useApprovals = pagedStore<Approval, ApprovalFilter>({ status: 'pending' }, (services, filter, page, page_size) =>
  services.call('approvals.list', { ...filter, search: filter.search || undefined, page, page_size }),
)

/** Where the operator is in the inbox: the row under the cursor, the rows ticked, the last outcome. */
export interface InboxState {
  cursor: number
  selected: number[]
  reason: string
  notice: { tone: 'ok' | 'error'; text: string } | null
  busy: boolean
  setCursor(index: number): void
  toggle(id: number): void
  clearSelection(): void
  setReason(reason: string): void
  decide(services: Services, approval: Approval, decision: 'approved' | 'rejected'): Promise<void>
  decideSelected(services: Services, decision: 'approved' | 'rejected'): Promise<void>
}

export const APPROVER_NAME = 'operator'

export const useInbox = create<InboxState>()((set, get) => ({
  cursor: 0,
  selected: [],
  reason: '',
  notice: null,
  busy: false,
  setCursor: (cursor) => set({ cursor }),
  toggle: (id) => set({ selected: get().selected.includes(id) ? get().selected.filter((x) => x !== id) : [...get().selected, id] }),
  clearSelection: () => set({ selected: [] }),
  setReason: (reason) => set({ reason }),
  async decide(services, approval, decision) {
    set({ busy: true })
    try {
      await services.call('approvals.decide', { id: approval.id, decision, approver_name: APPROVER_NAME, reason: get().reason || undefined, source: 'window' })
      set({ busy: false, reason: '', notice: { tone: 'ok', text: `${decision === 'approved' ? 'Approved' : 'Rejected'}: ${approval.approval_title}` } })
    } catch (error) {
      set({ busy: false, notice: { tone: 'error', text: (error as Error).message } })
    }
    await useApprovals.getState().load(services)
  },
  async decideSelected(services, decision) {
    const ids = get().selected
    if (ids.length === 0) return
    set({ busy: true })
    try {
      const result = await services.call('approvals.bulk', { approval_ids: ids, action: decision, approver_name: APPROVER_NAME, reason: get().reason || undefined })
      const skipped = result.skipped.length ? `; ${result.skipped.length} skipped (${result.skipped[0]?.reason})` : ''
      set({ busy: false, selected: [], reason: '', notice: { tone: 'ok', text: `${result.decided.length} ${decision}${skipped}` } })
    } catch (error) {
      set({ busy: false, notice: { tone: 'error', text: (error as Error).message } })
    }
    await useApprovals.getState().load(services)
  },
}))
