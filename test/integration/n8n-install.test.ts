import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeN8n } from '../helpers/fake-n8n'
import { unreachableFrom } from '../../src/main/core/n8n/install-template'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'

const OWN_SECRET = 'own-secret-of-this-workflow-0123'

describe('installing a template into n8n through its API', () => {
  let c: RunningCore
  let n8n: FakeN8n

  const admin = (method: string, path: string, body?: unknown) => c.admin(method, path, body)
  const install = (template: string, workflowId: number) => admin('POST', `/api/v1/n8n/templates/${template}/install`, { workflow_id: workflowId })
  const createWorkflow = async (fields: Record<string, unknown>) => (await admin('POST', '/api/v1/workflows', fields)).body.id as number
  /** Triggers the workflow and runs the scheduler until n8n has reported it completed. */
  const runToCompletion = async (workflowId: number) => {
    const execution = (await admin('POST', `/api/v1/workflows/${workflowId}/trigger`, { trigger_event: 'manual' })).body
    for (let i = 0; i < 100; i++) {
      if ((await admin('GET', `/api/v1/executions/${execution.id}`)).body.status === 'completed') return
      await c.tick()
    }
    throw new Error(`execution ${execution.id} did not complete`)
  }

  beforeEach(async () => {
    n8n = new FakeN8n()
    await n8n.start()
    c = await startTestCore()
    // Saved in Settings, as an operator would, so a test can take them away again.
    const values = { N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey, N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }
    expect((await admin('POST', '/api/v1/rpc/settings.update', { values })).status).toBe(200)
  })
  afterEach(async () => {
    await c.close()
    await n8n.stop()
  })

  it('creates the credential and the workflow, activates it, links it in Flowgate, and the loop runs through it', async () => {
    const id = await createWorkflow({ workflow_name: 'Lead Qualification' })
    const installed = await install('lead-qualification', id)
    expect(installed.status).toBe(200)
    // Each install gets a trigger path of its own, so it never meets another Flowgate's copy.
    const path = /\/webhook\/(flowgate-lead-qualification-\d+-[0-9a-f]{6})$/.exec(installed.body.webhook_url as string)?.[1]
    expect(path).toBe(`flowgate-lead-qualification-${id}-${path?.slice(-6)}`)
    expect(installed.body).toEqual({
      n8n_workflow_id: 'wf2',
      n8n_workflow_name: 'Flowgate · Lead Qualification',
      editor_url: `${n8n.base}/workflow/wf2`,
      webhook_url: `${n8n.base}/webhook/${path}`,
      credential: 'created',
      credential_id: 'cred1',
      active: true,
      notes: [],
    })

    expect(n8n.credentials).toEqual([
      { id: 'cred1', name: 'Flowgate · Lead Qualification', type: 'httpHeaderAuth', data: { name: 'X-N8N-Signature', value: TEST_WEBHOOK_SECRET } },
    ])
    const nodes = n8n.workflows.find((w) => w.id === 'wf2')!.nodes!
    const authenticated = nodes.filter((node) => node.credentials?.httpHeaderAuth)
    expect(authenticated.length).toBeGreaterThanOrEqual(3)
    for (const node of authenticated) expect(node.credentials!.httpHeaderAuth).toEqual({ id: 'cred1', name: 'Flowgate · Lead Qualification' })

    expect((await admin('GET', `/api/v1/workflows/${id}`)).body).toMatchObject({ n8n_workflow_id: 'wf2', webhook_url: installed.body.webhook_url })
    n8n.callBack = { secret: TEST_WEBHOOK_SECRET, output: { score: 88 } }
    await runToCompletion(id)
    expect(n8n.received.map((r) => [r.path, r.signature])).toEqual([[path, TEST_WEBHOOK_SECRET]])
    expect(nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!.parameters!.path).toBe(path)
  })

  it("puts a workflow's own secret in its credential, and dispatches to it with that secret too", async () => {
    const id = await createWorkflow({ workflow_name: 'Campaign', webhook_secret: OWN_SECRET })
    expect((await install('follow-up', id)).body).toMatchObject({ credential: 'created', active: true })
    expect(n8n.credentials[0]!.data.value).toBe(OWN_SECRET)
    n8n.callBack = { secret: OWN_SECRET, output: {} }
    await runToCompletion(id)
    expect(n8n.received.map((r) => r.signature)).toEqual([OWN_SECRET])
  })

  it('keeps the credentials it made holding the current secret when a secret is rotated, and the loop goes on', async () => {
    const global = await createWorkflow({ workflow_name: 'Lead Qualification' })
    const own = await createWorkflow({ workflow_name: 'Campaign', webhook_secret: OWN_SECRET })
    await install('lead-qualification', global)
    await install('follow-up', own)
    const valueOf = (id: string) => n8n.credentials.find((credential) => credential.id === id)!.data.value
    // Saving anything else leaves n8n alone.
    await admin('POST', '/api/v1/rpc/settings.update', { values: { WORKFLOW_MAX_RETRIES: 4 } })
    await c.core.internals.credentials.idle()
    expect(n8n.credentialUpdates).toEqual([])

    const rotated = 'rotated-global-secret-0123456789'
    await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_WEBHOOK_SECRET: rotated } })
    await c.core.internals.credentials.idle()
    expect([valueOf('cred1'), valueOf('cred2')]).toEqual([rotated, OWN_SECRET])
    const ownRotated = 'own-secret-rotated-0123456789ab'
    await admin('PUT', `/api/v1/workflows/${own}`, { webhook_secret: ownRotated })
    await c.core.internals.credentials.idle()
    expect([valueOf('cred1'), valueOf('cred2')]).toEqual([rotated, ownRotated])
    expect(n8n.credentialUpdates).toEqual(['cred1', 'cred2'])

    n8n.callBack = { secret: rotated, output: {} }
    await runToCompletion(global)
    expect(n8n.received.at(-1)!.signature).toBe(rotated)
    const events = (await admin('GET', `/api/v1/monitoring/events?workflow_id=${own}`)).body.items as { event_type: string }[]
    expect(events.map((e) => e.event_type)).toContain('n8n_credential_updated')
  })

  it('a secret sealed by a keychain this machine cannot open counts as unset: the global one applies, n8n is told, one warning', async () => {
    const id = await createWorkflow({ workflow_name: 'Lead Qualification', webhook_secret: OWN_SECRET })
    await install('lead-qualification', id)
    expect(n8n.credentials[0]!.data.value).toBe(OWN_SECRET)
    // The data folder comes from another machine: its keychain sealed these, this one cannot open them.
    c.core.internals.database.sqlite
      .prepare("update n8n_workflows set webhook_secret = 'os-keychain:c2VhbGVkIGVsc2V3aGVyZQ==', n8n_credential_secret = 'os-keychain:b3RoZXI=' where id = ?")
      .run(id)
    const send = (secret: string) =>
      fetch(`${c.publicUrl}/api/v1/webhooks/n8n/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-n8n-signature': secret }, body: '{"lead_score":80}' })
    expect((await send(TEST_WEBHOOK_SECRET)).status).toBe(202)
    expect((await send(OWN_SECRET)).status).toBe(401)
    expect((await send(TEST_WEBHOOK_SECRET)).status).toBe(202)

    expect((await admin('GET', `/api/v1/workflows/${id}`)).body).toMatchObject({ has_webhook_secret: true, webhook_secret_unreadable: true })

    await c.core.internals.credentials.sync()
    expect(n8n.credentials[0]!.data.value).toBe(TEST_WEBHOOK_SECRET)
    // n8n calls back with what its credential now holds, and Flowgate dispatches with the same.
    n8n.callBack = { secret: TEST_WEBHOOK_SECRET, output: {} }
    await runToCompletion(id)
    expect(n8n.received.at(-1)?.signature).toBe(TEST_WEBHOOK_SECRET)

    await c.core.internals.monitor.flush()
    const warnings = (await admin('GET', '/api/v1/monitoring/events?severity=warning')).body.items as { event_type: string; workflow_id: number }[]
    expect(warnings.filter((w) => w.event_type === 'workflow_secret_unreadable')).toEqual([expect.objectContaining({ workflow_id: id })])

    // Typed again, it is the workflow's own once more, here and in n8n.
    expect((await admin('PUT', `/api/v1/workflows/${id}`, { webhook_secret: OWN_SECRET })).body).toMatchObject({ webhook_secret_unreadable: false })
    await c.core.internals.credentials.idle()
    expect(n8n.credentials[0]!.data.value).toBe(OWN_SECRET)
    expect((await send(OWN_SECRET)).status).toBe(202)
    expect((await send(TEST_WEBHOOK_SECRET)).status).toBe(401)
  })

  it('warns when it may not update a credential, and tries again with backoff until it may', async () => {
    const id = await createWorkflow({ workflow_name: 'Lead Qualification' })
    await install('lead-qualification', id)
    n8n.mayUpdateCredentials = false
    await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_WEBHOOK_SECRET: 'rotated-global-secret-0123456789' } })
    await c.core.internals.credentials.idle()
    await c.core.internals.monitor.flush()
    const warnings = (await admin('GET', '/api/v1/monitoring/events?severity=warning')).body.items as { event_type: string; event_data: { error: string } }[]
    expect(warnings[0]).toMatchObject({ event_type: 'n8n_credential_stale', event_data: { error: expect.stringContaining('its scopes do not include it') } })
    expect(n8n.credentials[0]!.data.value).toBe(TEST_WEBHOOK_SECRET)

    // It tries again by itself: in a minute, then two.
    expect(c.core.internals.credentials.nextDueAt()).toBe(c.clock.now() + 60_000)
    c.clock.advance(60_000)
    await c.tick()
    await c.core.internals.credentials.idle()
    expect(n8n.credentials[0]!.data.value).toBe(TEST_WEBHOOK_SECRET)
    expect(c.core.internals.credentials.nextDueAt()).toBe(c.clock.now() + 120_000)

    n8n.mayUpdateCredentials = true
    c.clock.advance(120_000)
    await c.tick()
    await c.core.internals.credentials.idle()
    expect(n8n.credentials[0]!.data.value).toBe('rotated-global-secret-0123456789')
    expect(c.core.internals.credentials.nextDueAt()).toBeNull()
  })

  it('forgets a credential deleted in n8n, saying so once, instead of retrying forever', async () => {
    const id = await createWorkflow({ workflow_name: 'Lead Qualification' })
    await install('lead-qualification', id)
    n8n.credentials.splice(0)
    await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_WEBHOOK_SECRET: 'rotated-global-secret-0123456789' } })
    await c.core.internals.credentials.idle()
    await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_WEBHOOK_SECRET: 'rotated-again-secret-0123456789' } })
    await c.core.internals.credentials.idle()
    await c.core.internals.monitor.flush()
    const warnings = (await admin('GET', '/api/v1/monitoring/events?severity=warning')).body.items as { event_type: string }[]
    expect(warnings.map((w) => w.event_type)).toEqual(['n8n_credential_gone'])
    expect(c.core.internals.credentials.nextDueAt()).toBeNull()
  })

  it('says what is left to do when the API key may not create credentials, or n8n refuses to activate', async () => {
    n8n.mayCreateCredentials = false
    const id = await createWorkflow({ workflow_name: 'Video' })
    const first = await install('video-demo-site', id)
    expect(first.body).toMatchObject({ credential: 'not_permitted', active: true })
    expect((first.body.notes as string[])[0]).toMatch(/^The n8n API key may not create credentials \(scope credential:create\): in n8n, create a Header Auth credential/)

    // Installed again, it is a second copy on a path of its own, so n8n takes it too.
    expect((await install('video-demo-site', id)).body).toMatchObject({ n8n_workflow_id: 'wf3', active: true })

    n8n.refuseActivation = 'Workflow has issues. Please fix them first.'
    const refused = await install('video-demo-site', id)
    expect(refused.status).toBe(200)
    expect(refused.body).toMatchObject({ n8n_workflow_id: 'wf4', active: false })
    expect(refused.body.notes).toContainEqual("Created but not activated: n8n answered 400: {\"message\":\"Workflow has issues. Please fix them first.\"}. Activate it in n8n's editor.")
  })

  it('reports n8n being unreachable as such, and links nothing', async () => {
    const id = await createWorkflow({ workflow_name: 'Lead Qualification' })
    await n8n.stop()
    const unreachable = await install('lead-qualification', id)
    expect(unreachable).toMatchObject({ status: 503, body: { error: 'unavailable', message: expect.stringMatching(/^n8n could not create the credential: n8n at http:\/\/127\.0\.0\.1:\d+\/api\/v1 is unreachable/) } })
    expect((await admin('GET', `/api/v1/workflows/${id}`)).body).toMatchObject({ n8n_workflow_id: null, webhook_url: null })
  })

  it('refuses clearly, changing nothing, without an n8n API, a secret, or a known workflow and template', async () => {
    const id = await createWorkflow({ workflow_name: 'Lead Qualification' })
    expect(await install('lead-qualification', 999)).toMatchObject({ status: 404, body: { message: 'Workflow 999 does not exist' } })
    expect((await install('nonsense', id)).status).toBe(400)
    expect((await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_WEBHOOK_SECRET: null } })).status).toBe(200)
    const noSecret = await install('lead-qualification', id)
    expect(noSecret).toMatchObject({ status: 409, body: { message: expect.stringMatching(/^Set a webhook secret first/) } })
    expect((await admin('POST', '/api/v1/rpc/settings.update', { values: { N8N_API_URL: null } })).status).toBe(200)
    const unconfigured = await install('lead-qualification', id)
    expect(unconfigured).toMatchObject({ status: 409, body: { message: expect.stringMatching(/^Set the n8n API URL and key in Settings first/) } })
    expect(n8n.credentials).toEqual([])
    expect(n8n.workflows).toHaveLength(1)
    expect((await admin('GET', `/api/v1/workflows/${id}`)).body).toMatchObject({ n8n_workflow_id: null, webhook_url: null })
  })

  it('warns when n8n lives elsewhere and Flowgate has no tunnel URL for it to call back', () => {
    expect(unreachableFrom('https://acme.app.n8n.cloud', undefined)).toMatch(/^Flowgate has no tunnel URL yet, so n8n cannot report back to it/)
    expect(unreachableFrom('https://acme.app.n8n.cloud', 'https://flowgate.example.com')).toBeNull()
    for (const local of ['http://127.0.0.1:5678', 'http://localhost:5678', 'http://[::1]:5678']) expect(unreachableFrom(local, undefined)).toBeNull()
  })
})
