import type { ContractApi } from '../../shared/contract'
import { muteEnd } from './quiet-notices'
import type { DesktopPreferences, TrayAction, TrayState } from './tray-model'

export const DESKTOP_APPROVER = 'operator'

export interface TrayActionDeps {
  api: ContractApi
  state: () => TrayState
  showWindow(): void
  openApproval(id: number): void
  /** The queue, or one item of it. */
  openQueue(id?: number): void
  openSettings(): void
  openExecution(id: number): void
  openWorkflow(id: number): void
  /** A list filtered by its address. */
  openList(link: string): void
  setPreference(key: keyof DesktopPreferences, value: boolean): void
  /** Desktop notices stay quiet until then (null: on again). */
  muteNotices(until: number | null): void
  now(): number
  quit(): void
  /** Where a decision failed (someone else decided first, say): shown to the operator. */
  report(message: string): void
}

/** Every tray or notification click goes through the same core calls as the window. */
export async function performTrayAction(action: TrayAction, deps: TrayActionDeps, source: 'tray' | 'notification' = 'tray'): Promise<void> {
  switch (action.kind) {
    case 'open':
      return deps.showWindow()
    case 'openApproval':
      return deps.openApproval(action.id)
    case 'openQueue':
      return deps.openQueue(action.id)
    case 'openSettings':
      return deps.openSettings()
    case 'openExecution':
      return deps.openExecution(action.id)
    case 'openWorkflow':
      return deps.openWorkflow(action.id)
    case 'openList':
      return deps.openList(action.link)
    case 'decide':
      try {
        await deps.api['approvals.decide']({ id: action.id, decision: action.decision, approver_name: DESKTOP_APPROVER, source })
      } catch (error) {
        deps.report((error as Error).message)
      }
      return
    case 'extend':
      try {
        await deps.api['approvals.extend']({ id: action.id, hours: action.hours })
      } catch (error) {
        deps.report((error as Error).message)
      }
      return
    case 'undo': {
      const { skipped } = await deps.api['approvals.undo']({ approval_ids: [action.id] })
      if (skipped[0]) deps.report(skipped[0].reason)
      return
    }
    case 'toggleAutoApproval': {
      const paused = deps.state().autoApproval === 'paused'
      await deps.api['settings.update']({ values: { AUTO_APPROVAL_ENABLED: paused } })
      return
    }
    case 'toggleN8nCalls': {
      const paused = deps.state().n8nCalls === 'paused'
      await deps.api['settings.update']({ values: { N8N_CALLS_PAUSED: !paused } })
      return
    }
    case 'togglePreference':
      return deps.setPreference(action.key, !deps.state().preferences[action.key])
    case 'muteNotices':
      return deps.muteNotices(muteEnd(action.choice, deps.now()))
    case 'unmuteNotices':
      return deps.muteNotices(null)
    case 'quit':
      return deps.quit()
  }
}
