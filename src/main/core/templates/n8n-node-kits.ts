import type { n8nNodeKits } from '../../../shared/schemas/n8n'
import { nodes } from './n8n-nodes'
import { approvedDataNote, Graph, type N8nWorkflowJson } from './n8n-templates'

type NodeKit = (typeof n8nNodeKits)[number]

/** What the kits need of the Flowgate workflow they talk to. */
export interface KitFor {
  id: number
  workflow_name: string
  default_approval_type: string
  default_priority: 'high' | 'medium' | 'low'
}

/** The item a node gets, or, right after a Webhook trigger, the body it received (its headers may carry credentials). */
const itemData = '($json.headers && $json.body !== undefined ? $json.body : $json)'

/** A text as a JavaScript string inside an n8n expression, which a `}}` would end early. */
const literal = (text: string) => JSON.stringify(text).replaceAll('}}', '} }')

/**
 * Three nodes to put before the step to gate: ask the Flowgate workflow for a decision on the
 * current item, wait for it, and branch on it (the true branch: approved).
 */
function approvalGate(g: Graph, url: string, workflow: KitFor): void {
  const type = workflow.default_approval_type
  const body = `{ type: 'approval.requested', n8n_execution_id: $execution.id, resume_url: $execution.resumeUrl, approval_type: ${literal(type)}, title: ${literal(`Decision needed: ${workflow.workflow_name}`)}, priority: '${workflow.default_priority}', data: ${itemData} }`
  const request = g.add(nodes.post(`Ask Flowgate: ${type}`, url, body), 0)
  const wait = g.add(nodes.waitForDecision(), 1)
  // What follows its true branch reads the approved data here, as a template's steps do.
  const approved = g.add({ ...nodes.condition(`Approved? (${type})`, '={{ $json.body.decision }}', 'equals', 'approved'), notes: approvedDataNote, notesInFlow: true }, 2)
  g.chain(request, wait, approved)
}

/** One node: each item becomes an execution of the Flowgate workflow, which sends it on under its limits and rules. */
function sendHere(g: Graph, url: string, workflow: KitFor): void {
  g.add(nodes.post(`Send to Flowgate: ${workflow.workflow_name}`, url, itemData), 0)
}

const kits: Record<NodeKit, { title: string; build: (g: Graph, url: string, workflow: KitFor) => void }> = {
  'approval-gate': { title: 'approval gate', build: approvalGate },
  'send-here': { title: 'send here', build: sendHere },
}

/** Nodes to paste on n8n's canvas (n8n takes a workflow's JSON there), wired to this workflow's webhook URL. */
export function buildNodeKit(kind: NodeKit, publicUrl: string, workflow: KitFor): N8nWorkflowJson {
  const g = new Graph(`${kind}-${workflow.id}`)
  kits[kind].build(g, `${publicUrl}/api/v1/webhooks/n8n/${workflow.id}`, workflow)
  return g.build(`Flowgate ${kits[kind].title}: ${workflow.workflow_name}`)
}
