import type { Notice } from './tray-model'

/** A workflow whose calls to n8n are held, as the dashboard lists it; `reason` when Flowgate held them itself. */
export interface HeldWorkflow {
  id: number
  name: string
  waiting: number
  reason: string | null
}

/** One hold: released and held again is a new one. */
export const holdOf = (workflow: HeldWorkflow): string => `${workflow.id}:${workflow.reason ?? ''}`

/**
 * One notice for each workflow whose calls Flowgate held itself since the last look (`announced`
 * holds the holds seen before; null at the first look, so a start does not announce old ones).
 * The operator's own holds are not announced: they made them. A click opens the workflow.
 */
export function newAutomaticHoldNotices(announced: ReadonlySet<string> | null, held: HeldWorkflow[]): Notice[] {
  if (announced === null) return []
  return held
    .filter((workflow) => workflow.reason !== null && !announced.has(holdOf(workflow)))
    .map((workflow) => ({
      title: `Calls to n8n held for "${workflow.name}"`,
      body: `Flowgate held them since ${workflow.reason}. Nothing is lost: fix the workflow in n8n, then release them.`,
      click: { kind: 'openWorkflow', id: workflow.id },
      approvalId: null,
      actions: [],
    }))
}
