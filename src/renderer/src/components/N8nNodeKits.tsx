import { useState } from 'react'
import type { n8nNodeKits } from '../../../shared/schemas/n8n'
import type { Workflow } from '../../../shared/schemas/workflows'
import { plural } from '../../../shared/text'
import { useServices } from '../services/context'
import { OutcomeNote, type Outcome } from './common'

type Kit = (typeof n8nNodeKits)[number]

const kits: Record<Kit, { button: string; where: string }> = {
  'approval-gate': { button: 'Copy an approval gate for n8n', where: 'before the step to gate (its true branch: approved)' },
  'send-here': { button: 'Copy a node that sends items here', where: 'where items should come to this workflow' },
}

/** For n8n workflows the operator has already: nodes that talk to this workflow, to paste on n8n's canvas. */
export function N8nNodeKits({ workflow }: { workflow: Workflow }) {
  const services = useServices()
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const copy = async (kind: Kit) => {
    try {
      const kit = await services.call('n8n.nodes', { id: workflow.id, kind })
      if (!navigator.clipboard) throw new Error('This window cannot write to the clipboard')
      await navigator.clipboard.writeText(JSON.stringify(kit, null, 2))
      const first = String(kit.nodes[0]?.name ?? 'the first node')
      const them = kit.nodes.length === 1 ? 'it' : 'them'
      setOutcome({ tone: 'ok', text: `Copied ${plural(kit.nodes.length, 'node')}: in n8n, click the canvas and paste (Ctrl+V), connect ${them} ${kits[kind].where}, and choose the Flowgate credential on “${first}”` })
    } catch (error) {
      setOutcome({ tone: 'error', text: (error as Error).message })
    }
  }

  return (
    <>
      <p className="muted small">
        Or use this workflow from an n8n workflow you already have: an approval gate asks it for a decision on the item it gets, waits in n8n and branches
        on it; a sending node makes each item one of its executions, sent on under its limits and rules.
      </p>
      <div className="toolbar">
        {(Object.keys(kits) as Kit[]).map((kind) => (
          <button key={kind} type="button" onClick={() => void copy(kind)}>
            {kits[kind].button}
          </button>
        ))}
      </div>
      <OutcomeNote outcome={outcome} testId="n8n-nodes-outcome" />
    </>
  )
}
