import type { Notice } from './tray-model'

/** An active workflow not heard from for longer than expected, as the dashboard lists it. */
export interface QuietWorkflow {
  id: number
  name: string
  lastHeardAt: number | null
  everyHours: number
  quietSince: number
}

/** A quiet spell: the same workflow quiet again after it was heard from is a new one. */
export const spellOf = (workflow: QuietWorkflow): string => `${workflow.id}:${workflow.quietSince}`

const HOUR = 3_600_000

/**
 * One notice for each workflow that fell quiet since the last look (`announced` holds the spells
 * seen before; null at the first look, so a start does not announce what was quiet already).
 * A click opens the workflow.
 */
export function newQuietWorkflowNotices(announced: ReadonlySet<string> | null, quiet: QuietWorkflow[], now: number): Notice[] {
  if (announced === null) return []
  return quiet
    .filter((workflow) => !announced.has(spellOf(workflow)))
    .map((workflow) => {
      const heard = workflow.lastHeardAt === null ? 'Never heard from' : `Not heard from for ${Math.floor((now - workflow.lastHeardAt) / HOUR)} h`
      return {
        title: `"${workflow.name}" has gone quiet`,
        body: `${heard} (expected at least every ${workflow.everyHours} h): check that it still runs in n8n.`,
        click: { kind: 'openWorkflow', id: workflow.id },
        approvalId: null,
        actions: [],
      }
    })
}
