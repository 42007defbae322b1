import { useState } from 'react'
import type { Workflow } from '../../../shared/schemas/workflows'
import { useServices } from '../services/context'
import { OutcomeNote, type Outcome } from './common'

/** For an n8n workflow the operator has already: the nodes that gate one of its steps on this workflow's approvals, to paste on n8n's canvas. */
export function ApprovalGateCopy({ workflow }: { workflow: Workflow }) {
  const services = useServices()
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const copy = async () => {
    try {
      const gate = await services.call('n8n.approvalGate', { id: workflow.id })
      if (!navigator.clipboard) throw new Error('This window cannot write to the clipboard')
      await navigator.clipboard.writeText(JSON.stringify(gate, null, 2))
      const ask = String(gate.nodes[0]?.name ?? 'its first node')
      setOutcome({
        tone: 'ok',
        text: `Copied ${gate.nodes.length} nodes: in n8n, click the canvas and paste (Ctrl+V), connect them before the step to gate (its true branch: approved), and choose the Flowgate credential on “${ask}”`,
      })
    } catch (error) {
      setOutcome({ tone: 'error', text: (error as Error).message })
    }
  }

  return (
    <>
      <p className="muted small">
        Or gate one step of an n8n workflow you already have: three nodes ask this workflow for a decision on the item they get, wait for it in n8n,
        and branch on it.
      </p>
      <button type="button" onClick={() => void copy()}>
        Copy an approval gate for n8n
      </button>
      <OutcomeNote outcome={outcome} testId="approval-gate-outcome" />
    </>
  )
}
