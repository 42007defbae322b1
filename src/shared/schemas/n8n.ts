import { z } from 'zod'

export const n8nTestInputSchema = z
  .object({
    /** Values to try before saving them; the saved settings otherwise. */
    api_url: z.url({ protocol: /^https?$/ }).optional(),
    api_key: z.string().min(1).optional(),
  })
  .strict()
  .optional()

export const n8nTestResultSchema = z.object({
  ok: z.boolean(),
  problem: z.enum(['not_configured', 'unreachable', 'wrong_url', 'bad_key', 'error']).nullable(),
  message: z.string(),
  workflow_count: z.number().nullable(),
})
export type N8nTestResult = z.infer<typeof n8nTestResultSchema>

export const templateNames = ['lead-qualification', 'video-demo-site', 'follow-up'] as const

export const n8nTemplateInputSchema = z
  .object({
    name: z.enum(templateNames),
    /** The Flowgate workflow it will report to, when the n8n run was not started by Flowgate. */
    workflow_id: z.coerce.number().int().positive().optional(),
  })
  .strict()

/** Installing a template into n8n is always for one Flowgate workflow, which it then links to. */
export const n8nInstallInputSchema = z
  .object({
    name: z.enum(templateNames),
    workflow_id: z.coerce.number().int().positive(),
  })
  .strict()

export const templateInstallSchema = z.object({
  n8n_workflow_id: z.string(),
  n8n_workflow_name: z.string(),
  /** The workflow in n8n's editor. */
  editor_url: z.string(),
  /** Its trigger's production URL, now the Flowgate workflow's webhook_url. */
  webhook_url: z.string(),
  credential: z.enum(['created', 'not_permitted']),
  /** The Header Auth credential made for it; Flowgate keeps it holding the workflow's secret. */
  credential_id: z.string().nullable(),
  active: z.boolean(),
  /** What is left for the operator to do in n8n, if anything. */
  notes: z.array(z.string()),
})
export type TemplateInstall = z.infer<typeof templateInstallSchema>

/** n8n's workflow JSON, ready for n8n's import. */
/** Nodes to paste on n8n's canvas that talk to one Flowgate workflow. */
export const n8nNodeKits = ['approval-gate', 'send-here'] as const
export const n8nNodesInputSchema = z
  .object({
    id: z.coerce.number().int().positive(),
    /** `approval-gate`: ask it for a decision, wait, branch on it; `send-here`: the item becomes one of its executions. */
    kind: z.enum(n8nNodeKits),
  })
  .strict()

export const n8nWorkflowJsonSchema = z.object({
  name: z.string(),
  nodes: z.array(z.record(z.string(), z.unknown())),
  connections: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()),
})

export const tunnelTestInputSchema = z
  .object({ url: z.url({ protocol: /^https?$/ }).optional() })
  .strict()
  .optional()

export const tunnelTestResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().nullable(),
  message: z.string(),
  latency_ms: z.number().nullable(),
})
export type TunnelTestResult = z.infer<typeof tunnelTestResultSchema>

export const tunnelAgents = ['ngrok', 'cloudflared'] as const

/** A tunnel running on this computer, as its agent's local API tells, and whether it leads here. */
export const detectedTunnelSchema = z.object({
  agent: z.enum(tunnelAgents),
  public_url: z.string(),
  /** Where the agent forwards to, when it says (ngrok does; a cloudflared quick tunnel does not). */
  forwards_to: z.string().nullable(),
  /** A call through it reached this Flowgate's test route. */
  reaches_flowgate: z.boolean(),
  message: z.string(),
  /** It is the tunnel URL Flowgate is set to. */
  in_use: z.boolean(),
})
export type DetectedTunnel = z.infer<typeof detectedTunnelSchema>

export const tunnelDetectionSchema = z.object({
  tunnels: z.array(detectedTunnelSchema),
  /** The local agent addresses looked at, for the operator when nothing is found. */
  looked_at: z.array(z.string()),
  /** This Flowgate's public listener on this computer: what a tunnel should forward to. */
  forward_to: z.string().nullable(),
})
export type TunnelDetection = z.infer<typeof tunnelDetectionSchema>

/** One of n8n's workflows as Flowgate reads it, to link a Flowgate workflow to it. */
export const n8nWorkflowListingSchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  /** Where its Webhook trigger listens in production (null: it has none). */
  webhook_url: z.string().nullable(),
  /** What stands in the way of Flowgate starting it, in words; empty when nothing does. */
  problems: z.array(z.string()),
  /** The Flowgate workflow already linked to it, if one is. */
  linked_workflow_id: z.number().nullable(),
})
export type N8nWorkflowListing = z.infer<typeof n8nWorkflowListingSchema>
export const n8nWorkflowListSchema = z.object({ items: z.array(n8nWorkflowListingSchema) })
