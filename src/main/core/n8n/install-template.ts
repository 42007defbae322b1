import { randomBytes } from 'node:crypto'
import { FlowgateError } from '../../../shared/errors'
import { n8nWorkflowUrl } from '../../../shared/n8n-urls'
import type { TemplateInstall } from '../../../shared/schemas/n8n'
import type { SettingsService } from '../settings'
import { buildTemplate, dispatchPathOf, type N8nWorkflowJson, type TemplateName } from '../templates/n8n-templates'
import type { WorkflowService } from '../workflows/workflow-service'
import { headerAuthData, SIGNATURE_HEADER, type CredentialSync } from './credential-sync'
import { N8nApiError, n8nClientFrom, type N8nClient } from './n8n-client'

export interface InstallRequest {
  template: N8nWorkflowJson
  /** The trigger's path: Flowgate dispatches to n8n's `/webhook/<path>`. */
  dispatchPath: string
  /** The secret both sides send in X-N8N-Signature: the workflow's own, else the global one. */
  secret: string
  credentialName: string
}

/** n8n's failures, as the operator should read them: the call was fine, n8n said no. */
function fromN8n(error: unknown, doing: string): unknown {
  return error instanceof N8nApiError ? new FlowgateError('unavailable', `n8n could not ${doing}: ${error.message}`) : error
}

/** The Header Auth credential the template's nodes use; null when the API key may not create one. */
async function createCredential(client: N8nClient, request: InstallRequest): Promise<{ id: string; name: string } | null> {
  try {
    return await client.createCredential({ name: request.credentialName, type: 'httpHeaderAuth', data: headerAuthData(request.secret) })
  } catch (error) {
    if (error instanceof N8nApiError && error.status === 403) return null
    throw fromN8n(error, 'create the credential')
  }
}

/** Points every node that authenticates with Flowgate at the credential (by id and name, as n8n's editor does). */
function withCredential(template: N8nWorkflowJson, credential: { id: string; name: string }): N8nWorkflowJson {
  const reference = { id: credential.id, name: credential.name }
  const nodes = template.nodes.map((node) => (node.credentials?.httpHeaderAuth ? { ...node, credentials: { ...node.credentials, httpHeaderAuth: reference } } : node))
  return { ...template, nodes }
}

/**
 * Puts a template into n8n through its API, ready to run: a Header Auth credential with the
 * webhook secret, the workflow using it, activated. What could not be done is said in `notes`
 * rather than failing the whole, so the operator can finish it in n8n's editor.
 */
export async function installTemplate(client: N8nClient, request: InstallRequest): Promise<TemplateInstall> {
  const notes: string[] = []
  const credential = await createCredential(client, request)
  if (!credential) {
    notes.push(
      `The n8n API key may not create credentials (scope credential:create): in n8n, create a Header Auth credential (header ${SIGNATURE_HEADER}, value = the webhook secret) and select it on the trigger and the HTTP nodes.`,
    )
  }
  let created
  try {
    created = await client.createWorkflow(credential ? withCredential(request.template, credential) : request.template)
  } catch (error) {
    // Nothing is left half-made: the credential goes too (if the key may delete it).
    if (credential) await client.deleteCredential(credential.id).catch(() => undefined)
    throw fromN8n(error, 'create the workflow')
  }
  let active = false
  try {
    active = (await client.activateWorkflow(created.id)).active
  } catch (error) {
    notes.push(`Created but not activated: ${(error as Error).message}. Activate it in n8n's editor.`)
  }
  return {
    n8n_workflow_id: created.id,
    n8n_workflow_name: created.name,
    editor_url: n8nWorkflowUrl(client.baseUrl, created.id),
    webhook_url: `${client.baseUrl}/webhook/${request.dispatchPath}`,
    credential: credential ? 'created' : 'not_permitted',
    credential_id: credential?.id ?? null,
    active,
    notes,
  }
}

export interface InstallerDeps {
  settings: SettingsService
  workflows: WorkflowService
  publicUrl: () => string
  /** The secret a workflow's webhooks use: its own, else the global one. */
  webhookSecretOf: (workflowId: number) => string | undefined
  /** Remembers the credential made, so a later rotation of the secret reaches it. */
  credentials: CredentialSync
}

/** Installs a template for one Flowgate workflow, then links the two (n8n id, dispatch URL). */
export function templateInstaller(deps: InstallerDeps) {
  return async ({ name, workflow_id }: { name: TemplateName; workflow_id: number }): Promise<TemplateInstall> => {
    const workflow = deps.workflows.get(workflow_id)
    const client = n8nClientFrom(deps.settings.current())
    if (!client) throw new FlowgateError('conflict', "Set the n8n API URL and key in Settings first: templates are installed through n8n's API")
    const secret = deps.webhookSecretOf(workflow_id)
    if (!secret) throw new FlowgateError('conflict', 'Set a webhook secret first (in Settings, or on this workflow): n8n and Flowgate authenticate each other with it')
    // A path of its own for each install: another Flowgate (or an earlier install) may hold the plain one.
    const dispatchPath = `${dispatchPathOf(name, workflow_id)}-${randomBytes(3).toString('hex')}`
    const installed = await installTemplate(client, {
      template: buildTemplate(name, deps.publicUrl(), workflow_id, dispatchPath),
      dispatchPath,
      secret,
      credentialName: `Flowgate · ${workflow.workflow_name}`,
    })
    if (installed.credential_id) deps.credentials.remember(workflow_id, installed.credential_id, secret)
    deps.workflows.update(workflow_id, { n8n_workflow_id: installed.n8n_workflow_id, webhook_url: installed.webhook_url })
    const unreachable = unreachableFrom(client.baseUrl, deps.settings.current().FLOWGATE_PUBLIC_URL)
    return unreachable ? { ...installed, notes: [...installed.notes, unreachable] } : installed
  }
}

const isLoopback = (url: string) => /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(new URL(url).hostname)

/** An n8n elsewhere cannot call back a Flowgate that has no tunnel URL: say so while it is fresh. */
export function unreachableFrom(n8nBaseUrl: string, tunnelUrl: string | undefined): string | null {
  if (tunnelUrl || isLoopback(n8nBaseUrl)) return null
  return "Flowgate has no tunnel URL yet, so n8n cannot report back to it: set FLOWGATE_PUBLIC_URL (Settings › Tunnel) to the address n8n reaches Flowgate at."
}
