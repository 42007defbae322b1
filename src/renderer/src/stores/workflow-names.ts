import { create } from 'zustand'
import type { Services } from '../services/api'

/** Enough for any operator's registry; beyond it a workflow reads by its number. */
const DIRECTORY_SIZE = 500

export interface WorkflowNamesState {
  names: ReadonlyMap<number, string>
  /** n8n's id for each workflow linked to one. */
  n8nIds: ReadonlyMap<number, string>
  load(services: Services): Promise<void>
}

/** Every registered workflow's name by id, whatever the Workflows screen filters, so other screens speak of names. */
export const useWorkflowNames = create<WorkflowNamesState>()((set) => ({
  names: new Map(),
  n8nIds: new Map(),
  async load(services) {
    try {
      const { items } = await services.call('workflows.list', { page: 1, page_size: DIRECTORY_SIZE })
      set({
        names: new Map(items.map((workflow) => [workflow.id, workflow.workflow_name])),
        n8nIds: new Map(items.flatMap((workflow) => (workflow.n8n_workflow_id ? [[workflow.id, workflow.n8n_workflow_id] as const] : []))),
      })
    } catch {
      // Names are a nicety: screens fall back to workflow numbers, and the next push retries.
    }
  },
}))

/** A workflow as lists show it: its name, or its number when it is gone (deleted) or unknown. */
export const workflowLabel = (names: ReadonlyMap<number, string>, id: number | null | undefined): string =>
  id === null || id === undefined ? '—' : (names.get(id) ?? `workflow #${id}`)
