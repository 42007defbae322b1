import { createHash } from 'node:crypto'
import { completedBody, nodes, startedBody, type N8nNode } from './n8n-nodes'

export type N8nWorkflowJson = {
  name: string
  nodes: N8nNode[]
  connections: Record<string, { main: { node: string; type: 'main'; index: number }[][] }>
  settings: { executionOrder: 'v1' }
}

import type { templateNames } from '../../../shared/schemas/n8n'

export type TemplateName = (typeof templateNames)[number]

/** Lays nodes out left to right and records connections by node name. */
export class Graph {
  private readonly list: N8nNode[] = []
  readonly connections: N8nWorkflowJson['connections'] = {}

  constructor(private readonly seed: string) {}

  add(node: Omit<N8nNode, 'id' | 'position'>, column: number, row = 0): string {
    const id = createHash('sha256').update(`${this.seed}:${node.name}`).digest('hex')
    const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-a${id.slice(17, 20)}-${id.slice(20, 32)}`
    const withWebhook = node.type === 'n8n-nodes-base.webhook' || node.type === 'n8n-nodes-base.wait' ? { webhookId: uuid } : {}
    this.list.push({ ...node, ...withWebhook, id: uuid, position: [column * 240, row * 180] })
    return node.name
  }

  /** from → to; `output` picks the branch of an IF node (0 true, 1 false). */
  link(from: string, to: string, output = 0): this {
    const outputs = (this.connections[from] ??= { main: [] }).main
    while (outputs.length <= output) outputs.push([])
    outputs[output]!.push({ node: to, type: 'main', index: 0 })
    return this
  }

  chain(...names: string[]): this {
    names.slice(1).forEach((to, i) => this.link(names[i]!, to))
    return this
  }

  build(name: string): N8nWorkflowJson {
    return { name, nodes: this.list, connections: this.connections, settings: { executionOrder: 'v1' } }
  }
}

/** Dispatch trigger, immediate answer with n8n's execution id, "started" report. */
function opening(g: Graph, path: string, fallbackUrl: string): string {
  const trigger = g.add(nodes.dispatchTrigger(path), 0)
  const answer = g.add(nodes.answerWithExecutionId(), 1)
  const started = g.add(nodes.report('Report started', fallbackUrl, startedBody), 2)
  g.chain(trigger, answer, started)
  return started
}

interface GateAt {
  from: string
  /** Which output of `from` leads to the gate (an IF node's false branch is 1). */
  output: number
  column: number
  row: number
}

/** Right after an approval: where the data to act on is, as the operator may have corrected it. */
export const approvedDataNote = 'Use {{ $json.body.data }}: the data as approved in Flowgate (corrected there if data_changed)'

/** Approval request, wait for Flowgate to resume, continue (output 0) only when approved. */
function approvalGate(g: Graph, at: GateAt, fallbackUrl: string, type: string, title: string): string {
  const request = g.add(nodes.requestApproval(fallbackUrl, type, title, 'high'), at.column, at.row)
  const wait = g.add(nodes.waitForDecision(), at.column + 1, at.row)
  const approved = g.add(nodes.condition(`Approved? (${type})`, '={{ $json.body.decision }}', 'equals', 'approved'), at.column + 2, at.row)
  g.link(at.from, request, at.output).chain(request, wait, approved)
  return approved
}

function leadQualification(fallbackUrl: string, path: string): N8nWorkflowJson {
  const g = new Graph(path)
  const started = opening(g, path, fallbackUrl)
  const analyze = g.add(nodes.placeholder('Analyze lead'), 3)
  const score = g.add(nodes.placeholder('Score lead (set lead_score 0-100)'), 4)
  const hot = g.add(nodes.condition('Score ≥ 80?', '={{ $json.lead_score }}', 'gte', 80), 5)
  const warm = g.add(nodes.condition('Score ≥ 60?', '={{ $json.lead_score }}', 'gte', 60), 6, 1)
  const video = g.add(nodes.placeholder('Start video + demo site'), 7, 0)
  const nurture = g.add(nodes.placeholder('Email nurture sequence'), 7, 1)
  g.chain(started, analyze, score, hot).link(hot, video, 0).link(hot, warm, 1).link(warm, nurture, 0)
  const reviewed = approvalGate(g, { from: warm, output: 1, column: 7, row: 2 }, fallbackUrl, 'manual_review', 'Review a low-score lead')
  const manual = g.add(nodes.placeholder('Handle reviewed lead', approvedDataNote), 10, 2)
  const done = g.add(nodes.report('Report completed', fallbackUrl, completedBody), 11)
  g.link(reviewed, manual, 0).chain(video, done).chain(nurture, done).chain(manual, done)
  return g.build('Flowgate · Lead Qualification')
}

function videoDemoSite(fallbackUrl: string, path: string): N8nWorkflowJson {
  const g = new Graph(path)
  const started = opening(g, path, fallbackUrl)
  const steps = ['Write video script', 'Record voiceover', 'Record screen', 'Render video', 'Build demo site'].map((step, i) => g.add(nodes.placeholder(step), 3 + i))
  const needsApproval = g.add(nodes.condition('Lead score ≥ 85?', "={{ $('Flowgate dispatch').item.json.body.data.lead_score }}", 'gte', 85), 8)
  g.chain(started, ...steps, needsApproval)
  const gateAt = { from: needsApproval, output: 1, column: 9, row: 1 }
  const approved = approvalGate(g, gateAt, fallbackUrl, 'demo_deploy', 'Deploy a demo site for a lead scoring below 85')
  const deploy = g.add(nodes.placeholder('Deploy demo site'), 12)
  const email = g.add(nodes.placeholder('Email the video and demo link'), 13)
  const done = g.add(nodes.report('Report completed', fallbackUrl, completedBody), 14)
  g.link(needsApproval, deploy, 0).link(approved, deploy, 0).chain(deploy, email, done)
  return g.build('Flowgate · Video + Demo Site')
}

function followUp(fallbackUrl: string, path: string): N8nWorkflowJson {
  const g = new Graph(path)
  const started = opening(g, path, fallbackUrl)
  const engagement = g.add(nodes.placeholder('Check engagement'), 3)
  const kind = g.add(nodes.placeholder('Choose follow-up type'), 4)
  const content = g.add(nodes.placeholder('Generate AI content'), 5)
  g.chain(started, engagement, kind, content)
  const approved = approvalGate(g, { from: content, output: 0, column: 6, row: 0 }, fallbackUrl, 'email_send', 'Send an AI-written follow-up')
  const send = g.add(nodes.placeholder('Send follow-up', approvedDataNote), 9)
  const next = g.add(nodes.placeholder('Schedule next follow-up'), 10)
  const done = g.add(nodes.report('Report completed', fallbackUrl, completedBody), 11)
  g.link(approved, send, 0).chain(send, next, done)
  return g.build('Flowgate · Follow-up Automation')
}

/** Each builder gets the fallback callback URL and its trigger's path (which also seeds its node ids). */
const builders: Record<TemplateName, (fallbackUrl: string, path: string) => N8nWorkflowJson> = {
  'lead-qualification': leadQualification,
  'video-demo-site': videoDemoSite,
  'follow-up': followUp,
}

/**
 * The path of a template's dispatch trigger (its production webhook is n8n's `/webhook/<path>`):
 * one per Flowgate workflow, since n8n refuses two active workflows on one path.
 */
export const dispatchPathOf = (name: TemplateName, workflowId: number | null): string => `flowgate-${name}${workflowId === null ? '' : `-${workflowId}`}`

/** A template wired to this Flowgate: callbacks go to the dispatch's callback URL, else here. */
export function buildTemplate(name: TemplateName, publicUrl: string, workflowId: number | null, path = dispatchPathOf(name, workflowId)): N8nWorkflowJson {
  const fallback = `${publicUrl}/api/v1/webhooks/n8n/${workflowId ?? '<workflow id>'}`
  return builders[name](fallback, path)
}
