import { describe, expect, it } from 'vitest'
import { duration, secondsLeft, shortDateTime } from '../../src/renderer/src/lib/format'
import { n8nExecutionLink, n8nWorkflowLink } from '../../src/renderer/src/lib/n8n-links'
import { resumeCallText } from '../../src/renderer/src/lib/resume-call'
import { changeLine, checkDraft, draftText, editable } from '../../src/renderer/src/lib/approval-draft'
import { globalKeyCommand, goKeys } from '../../src/renderer/src/stores/global-keys'
import { executionCommand, inboxCommand, moveCursor, queueCommand } from '../../src/renderer/src/stores/screen-keys'
import { parseRoute, routeHash } from '../../src/renderer/src/stores/navigation'
import { listLink } from '../../src/shared/list-links'
import { pagedStore } from '../../src/renderer/src/stores/paged'
import type { Services } from '../../src/renderer/src/services/api'
import { setupSteps } from '../../src/renderer/src/stores/setup-steps'
import { useWorkflowNames, workflowLabel } from '../../src/renderer/src/stores/workflow-names'
import { plural } from '../../src/shared/text'

describe('inbox keyboard', () => {
  it('maps j/k/a/r/u/x/e to commands, and arrows to moves', () => {
    expect(['j', 'k', 'a', 'r', 'u', 'x', 'e', 'ArrowDown', 'ArrowUp'].map((key) => inboxCommand({ key }))).toEqual(['down', 'up', 'approve', 'reject', 'undo', 'select', 'edit', 'down', 'up'])
    expect(inboxCommand({ key: 'q' })).toBeNull()
  })

  it('in the webhook queue: moves, r replays, e changes the body first, x ticks, w opens the workflow, never while typing', () => {
    expect(['j', 'k', 'ArrowDown', 'ArrowUp', 'r', 'e', 'x', 'w', 'a', 'd'].map((key) => queueCommand({ key }))).toEqual(['down', 'up', 'down', 'up', 'replay', 'change', 'select', 'workflow', null, null])
    expect(queueCommand({ key: 'r', targetTag: 'TEXTAREA' })).toBeNull()
    expect(queueCommand({ key: 'r', metaKey: true })).toBeNull()
  })

  it('stays out of the way while the operator types or uses shortcuts', () => {
    for (const targetTag of ['input', 'TEXTAREA', 'select']) expect(inboxCommand({ key: 'a', targetTag })).toBeNull()
    expect(inboxCommand({ key: 'r', ctrlKey: true })).toBeNull()
    expect(inboxCommand({ key: 'a', metaKey: true })).toBeNull()
    expect(inboxCommand({ key: 'a', targetTag: 'DIV' })).toBe('approve')
  })

  it('on the Executions screen: moves, r retries, s sends now, w opens the workflow, never while typing', () => {
    expect(['j', 'k', 'ArrowDown', 'ArrowUp', 'r', 'e', 's', 'd', 'w', 'a'].map((key) => executionCommand({ key }))).toEqual([
      'down',
      'up',
      'down',
      'up',
      'retry',
      'change',
      'send-now',
      'dismiss',
      'workflow',
      null,
    ])
    expect(executionCommand({ key: 'r', targetTag: 'INPUT' })).toBeNull()
    expect(executionCommand({ key: 's', ctrlKey: true })).toBeNull()
  })

  it('keeps the cursor on the list', () => {
    expect(moveCursor(0, -1, 5)).toBe(0)
    expect(moveCursor(4, 1, 5)).toBe(4)
    expect(moveCursor(2, 1, 5)).toBe(3)
    expect(moveCursor(3, 1, 0)).toBe(0)
  })
})

describe('telling n8n the decision', () => {
  const now = 1_000_000_000
  const call = { status: 'pending' as const, attempts: 0, last_status: null, last_error: null, next_attempt_at: now, updated_at: now, held: false }
  it('says how it went, and worries only when it should', () => {
    expect(resumeCallText(call, now)).toEqual({ tone: 'warn', text: 'Telling n8n the decision…' })
    expect(resumeCallText({ ...call, held: true }, now)).toEqual({ tone: 'warn', text: "Held: calls to n8n for this workflow wait until they are released on the workflow's page" })
    expect(resumeCallText({ ...call, status: 'done', attempts: 1, last_status: 200, updated_at: now - 120_000 }, now)).toEqual({ tone: 'ok', text: 'n8n took the decision (it answered 200) 2 min ago' })
    expect(resumeCallText({ ...call, attempts: 2, last_status: 503, last_error: 'n8n answered 503: down', next_attempt_at: now + 240_000 }, now)).toEqual({
      tone: 'warn',
      text: 'n8n has not taken the decision yet: n8n answered 503: down (attempt 2); trying again in 4 min',
    })
    expect(resumeCallText({ ...call, status: 'failed', attempts: 1, last_status: 404, last_error: 'n8n answered 404: execution does not exist' }, now)).toEqual({
      tone: 'error',
      text: 'n8n was not told the decision: n8n answered 404: execution does not exist',
    })
  })
})

describe('undo countdown', () => {
  it('counts whole seconds up, so the last second shows until the moment passes, then 0', () => {
    expect([secondsLeft(10_000, 0), secondsLeft(10_000, 9_001), secondsLeft(10_000, 9_999), secondsLeft(10_000, 10_000), secondsLeft(10_000, 60_000)]).toEqual([10, 1, 1, 0, 0])
  })
})

describe('routes', () => {
  it('reads a screen and an optional record from the hash, and writes it back', () => {
    expect(parseRoute('#/approvals/12')).toEqual({ screen: 'approvals', id: 12 })
    expect(parseRoute('#/queue')).toEqual({ screen: 'queue', id: null })
    expect(parseRoute('#/nowhere/3')).toEqual({ screen: 'dashboard', id: null })
    expect(parseRoute('')).toEqual({ screen: 'dashboard', id: null })
    expect(routeHash({ screen: 'executions', id: 7 })).toBe('#/executions/7')
  })

  it("reads a list's filter from the hash, and drops it when writing the route back", () => {
    const link = listLink('executions', { status: 'failed', period: 'today', not_retried: true, search: 'SMTP 550 & co', workflow_id: undefined })
    expect(link).toBe('#/executions?status=failed&period=today&not_retried=true&search=SMTP+550+%26+co')
    const route = parseRoute(link)
    expect(route).toEqual({ screen: 'executions', id: null, query: 'status=failed&period=today&not_retried=true&search=SMTP+550+%26+co' })
    expect(Object.fromEntries(new URLSearchParams(route.query))).toEqual({ status: 'failed', period: 'today', not_retried: 'true', search: 'SMTP 550 & co' })
    expect(routeHash(route)).toBe('#/executions')
    expect(parseRoute('#/nowhere?status=failed')).toEqual({ screen: 'dashboard', id: null })
    expect(listLink('queue', {})).toBe('#/queue')
  })
})

describe('paged lists', () => {
  const rows = Array.from({ length: 450 }, (_, i) => ({ id: i + 1 }))
  const calls: { page: number; size: number; filter: unknown }[] = []
  const services = {} as Services
  const fetchPage = async (_: Services, filter: { even?: boolean }, page: number, size: number) => {
    calls.push({ page, size, filter })
    const matching = filter.even ? rows.filter((r) => r.id % 2 === 0) : rows
    return { items: matching.slice((page - 1) * size, page * size), total: matching.length }
  }

  it('loads page by page as the list is scrolled, refreshes what is loaded, and restarts on a new filter', async () => {
    const store = pagedStore<{ id: number }, { even?: boolean }>({}, fetchPage)
    await store.getState().load(services)
    expect(store.getState().items.length).toBe(200)
    await store.getState().loadMore(services)
    await store.getState().loadMore(services)
    expect(store.getState().items.map((r) => r.id)).toEqual(rows.map((r) => r.id))
    await store.getState().loadMore(services)
    expect(calls.length).toBe(3)

    await store.getState().load(services)
    expect(calls.at(-1)).toMatchObject({ page: 1, size: 400 })
    expect(store.getState().items.length).toBe(400)
    await store.getState().loadMore(services)
    expect(store.getState().items.length).toBe(450)

    await store.getState().setFilter(services, { even: true })
    expect(store.getState().items.every((r) => r.id % 2 === 0)).toBe(true)
    expect(store.getState().total).toBe(225)
  })

  it('shows the error of a failed load and keeps what it had', async () => {
    let fail = false
    const store = pagedStore<{ id: number }, object>({}, async (...args) => {
      if (fail) throw new Error('core unreachable')
      return fetchPage(args[0], {}, args[2], args[3])
    })
    await store.getState().load(services)
    fail = true
    await store.getState().load(services)
    expect(store.getState()).toMatchObject({ error: 'core unreachable', loading: false })
    expect(store.getState().items.length).toBe(200)
  })
})

describe('durations', () => {
  it('reads at a glance from milliseconds to hours, with no impossible carries', () => {
    expect([0, 0.0004, 0.24, 0.9996, 4.2, 59.94, 59.96].map(duration)).toEqual(['0 ms', '0 ms', '240 ms', '1.0 s', '4.2 s', '59.9 s', '1 min 00 s'])
    expect([60, 65, 119.6, 3599.4].map(duration)).toEqual(['1 min 00 s', '1 min 05 s', '2 min 00 s', '59 min 59 s'])
    expect([3599.6, 8040, 7199.9].map(duration)).toEqual(['1 h 00 min', '2 h 14 min', '2 h 00 min'])
    // Past two days, days and hours: a gap of 108 h reads "4 d 12 h".
    expect([47 * 3600 + 59 * 60, 48 * 3600 - 1, 108 * 3600, 3 * 86_400 + 23.6 * 3600].map(duration)).toEqual(['47 h 59 min', '2 d 00 h', '4 d 12 h', '4 d 00 h'])
    expect([null, undefined, Number.NaN].map(duration)).toEqual(['—', '—', '—'])
  })
})

describe('short date-times', () => {
  it('shows only the time for today, and the day as well otherwise', () => {
    const now = new Date(2026, 10, 26, 15, 0).getTime()
    const morning = new Date(2026, 10, 26, 8, 18, 54).getTime()
    expect(shortDateTime(morning, now)).toBe(new Date(morning).toLocaleTimeString())
    const lastWeek = new Date(2026, 10, 19, 8, 18).getTime()
    expect(shortDateTime(lastWeek, now)).not.toBe(new Date(lastWeek).toLocaleTimeString())
    expect(shortDateTime(lastWeek, now)).toContain('19')
    expect(shortDateTime(null, now)).toBe('—')
  })
})

describe('counts in words', () => {
  it('agrees the noun with the count, irregular plurals included', () => {
    expect([0, 1, 2].map((n) => plural(n, 'execution'))).toEqual(['0 executions', '1 execution', '2 executions'])
    expect([1, 3].map((n) => plural(n, 'retry', 'retries'))).toEqual(['1 retry', '3 retries'])
  })
})

describe('workflow names', () => {
  const workflows = [
    { id: 1, workflow_name: 'Run Lead Qualification' },
    { id: 2, workflow_name: 'Bulk email' },
  ]
  const asked: unknown[] = []
  let fail = false
  const services = {
    call: async (method: string, input: unknown) => {
      asked.push({ method, input })
      if (fail) throw new Error('core unreachable')
      return { items: workflows, total: workflows.length, page: 1, page_size: 500 }
    },
  } as unknown as Services

  it('names every registered workflow, whatever the Workflows screen filters, and keeps the names when a reload fails', async () => {
    await useWorkflowNames.getState().load(services)
    expect(asked).toEqual([{ method: 'workflows.list', input: { page: 1, page_size: 500 } }])
    const { names } = useWorkflowNames.getState()
    expect(workflowLabel(names, 1)).toBe('Run Lead Qualification')
    expect(workflowLabel(names, 9)).toBe('workflow #9')
    expect(workflowLabel(names, null)).toBe('—')
    fail = true
    await useWorkflowNames.getState().load(services)
    expect(workflowLabel(useWorkflowNames.getState().names, 2)).toBe('Bulk email')
  })
})

describe('getting started', () => {
  const entry = (key: string, value: string | null, secret = false, isSet = value !== null) => ({ key, value: secret ? null : value, secret, isSet, source: 'saved' as const, editable: true })
  const view = (values: { secret?: boolean; tunnel?: string | null; apiUrl?: string | null; apiKey?: boolean }) => ({
    entries: [
      entry('N8N_WEBHOOK_SECRET', null, true, values.secret ?? false),
      entry('FLOWGATE_PUBLIC_URL', values.tunnel ?? null),
      entry('N8N_API_URL', values.apiUrl ?? null),
      entry('N8N_API_KEY', null, true, values.apiKey ?? false),
    ],
    secretStorage: 'plaintext' as const,
    adminAccess: { url: null, token: 't' },
    webhookBaseUrl: 'http://127.0.0.1:8787',
    previousWebhookSecretUntil: null,
  })
  const open = (steps: ReturnType<typeof setupSteps>) => steps?.filter((s) => !s.done).map((s) => s.id)

  it('waits for every fact, then lists what is left in order, each leading to its screen', () => {
    expect(setupSteps({ settings: null, workflows: 0, webhooks: 0 })).toBeNull()
    expect(setupSteps({ settings: view({}), workflows: null, webhooks: 0 })).toBeNull()
    const fresh = setupSteps({ settings: view({}), workflows: 0, webhooks: 0 })
    expect(open(fresh)).toEqual(['secret', 'tunnel', 'n8n', 'workflow', 'webhook'])
    expect(fresh?.map((s) => s.screen)).toEqual(['settings', 'settings', 'settings', 'workflows', 'queue'])
  })

  it('counts a secret by whether it is set, a value by whether it is filled, and the API only with both URL and key', () => {
    expect(open(setupSteps({ settings: view({ secret: true, tunnel: '', apiUrl: 'http://n8n:5678' }), workflows: 1, webhooks: 0 }))).toEqual(['tunnel', 'n8n', 'webhook'])
    expect(open(setupSteps({ settings: view({ secret: true, tunnel: 'https://x.trycloudflare.com', apiUrl: 'http://n8n:5678', apiKey: true }), workflows: 2, webhooks: 5 }))).toEqual([])
  })
})

describe('links into n8n', () => {
  it("point at a run in n8n's editor, beside its API, once both of n8n's ids are known", () => {
    expect(n8nExecutionLink('https://acme.app.n8n.cloud/api/v1', 'KRiiOqsv', '1042')).toBe('https://acme.app.n8n.cloud/workflow/KRiiOqsv/executions/1042')
    expect(n8nExecutionLink('http://127.0.0.1:5678/api/v1/', 'wf1', '7')).toBe('http://127.0.0.1:5678/workflow/wf1/executions/7')
    expect(n8nExecutionLink(null, 'wf1', '7')).toBeNull()
    expect(n8nExecutionLink('http://n8n/api/v1', undefined, '7')).toBeNull()
    expect(n8nExecutionLink('http://n8n/api/v1', 'wf1', null)).toBeNull()
    expect(n8nWorkflowLink('https://acme.app.n8n.cloud/api/v1', 'KRiiOqsv')).toBe('https://acme.app.n8n.cloud/workflow/KRiiOqsv')
    expect(n8nWorkflowLink('', 'KRiiOqsv')).toBeNull()
    expect(n8nWorkflowLink('https://acme.app.n8n.cloud/api/v1', null)).toBeNull()
  })
})

describe('console keys', () => {
  it('goes to a screen with g then its letter, and opens the list of shortcuts with ?', () => {
    expect(globalKeyCommand({ key: 'g' }, false)).toEqual({ command: null, afterG: true })
    expect(globalKeyCommand({ key: 'e' }, true)).toEqual({ command: { kind: 'go', screen: 'executions' }, afterG: false })
    expect(Object.keys(goKeys).map((key) => globalKeyCommand({ key }, true).command)).toEqual(
      ['dashboard', 'approvals', 'executions', 'workflows', 'queue', 'monitoring', 'settings'].map((screen) => ({ kind: 'go', screen })),
    )
    expect(globalKeyCommand({ key: 'z' }, true)).toEqual({ command: null, afterG: false })
    expect(globalKeyCommand({ key: '?' }, false)).toEqual({ command: { kind: 'help' }, afterG: false })
    expect(globalKeyCommand({ key: '/' }, false)).toEqual({ command: { kind: 'search' }, afterG: false })
    // Typed into a field, / is a character.
    expect(globalKeyCommand({ key: '/', targetTag: 'input' }, false)).toEqual({ command: null, afterG: false })
    // Without g first, a letter is the screen's own (a approves in the inbox).
    expect(globalKeyCommand({ key: 'a' }, false)).toEqual({ command: null, afterG: false })
  })

  it('stays out of fields and modified keys', () => {
    expect(globalKeyCommand({ key: 'g', targetTag: 'input' }, false)).toEqual({ command: null, afterG: false })
    expect(globalKeyCommand({ key: 'e', targetTag: 'TEXTAREA' }, true)).toEqual({ command: null, afterG: false })
    expect(globalKeyCommand({ key: '?', ctrlKey: true }, false)).toEqual({ command: null, afterG: false })
  })

  it('opens Find anything with Ctrl+K or ⌘K from anywhere, a field included, and forgets a pending g', () => {
    const find = { command: { kind: 'find' }, afterG: false }
    expect(globalKeyCommand({ key: 'k', ctrlKey: true }, false)).toEqual(find)
    expect(globalKeyCommand({ key: 'K', metaKey: true, targetTag: 'INPUT' }, true)).toEqual(find)
    expect(globalKeyCommand({ key: 'k', ctrlKey: true, altKey: true }, false)).toEqual({ command: null, afterG: false })
    expect(globalKeyCommand({ key: 'k' }, false)).toEqual({ command: null, afterG: false })
  })
})

describe('changing an approval’s data before approving', () => {
  const asked = { subject: 'Offer', to: ['a@x.io', 'b@x.io'] }

  it('starts from the data as asked and finds no change until one is made', () => {
    expect(checkDraft(asked, draftText(asked))).toEqual({ ok: true, data: asked, changes: [] })
    expect(draftText(null)).toBe('{}')
    const edited = draftText(asked).replace('"Offer"', '"Offer!"')
    expect(checkDraft(asked, edited)).toMatchObject({ ok: true, changes: [{ path: 'subject', change: 'changed', before: 'Offer', after: 'Offer!' }] })
  })

  it('says why a text cannot be approved', () => {
    expect(checkDraft(asked, '{"subject": ')).toMatchObject({ ok: false, message: expect.stringMatching(/^Not valid JSON: /) })
    expect(checkDraft(asked, '["a"]')).toEqual({ ok: false, message: 'The data must stay a JSON object ({ … })' })
    expect(checkDraft(asked, 'null')).toEqual({ ok: false, message: 'The data must stay a JSON object ({ … })' })
    expect(checkDraft(asked, JSON.stringify({ body: 'x'.repeat(1_048_576) }))).toEqual({ ok: false, message: 'The data is larger than 1 MiB as JSON' })
    expect(editable({ body: 'x'.repeat(1_048_576) })).toBe(false)
    expect(editable(asked)).toBe(true)
    // Nothing to correct: no data, or data that is not an object.
    expect([editable(null), editable(['a']), editable('text')]).toEqual([false, false, false])
  })

  it('writes each change as one short line', () => {
    expect(changeLine({ path: 'subject', change: 'changed', before: 'Offer', after: 'Offer!' })).toBe('subject: "Offer" → "Offer!"')
    expect(changeLine({ path: 'to[1]', change: 'removed', before: 'b@x.io' })).toBe('to[1]: removed (was "b@x.io")')
    expect(changeLine({ path: 'cc', change: 'added', after: 'y'.repeat(100) })).toBe(`cc: added "${'y'.repeat(78)}…`)
  })
})
