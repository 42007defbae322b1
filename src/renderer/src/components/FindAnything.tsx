import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { asksTheCore, everythingFound, SHOWN_PER_KIND, type Command, type Found, type FoundRemotely } from '../lib/find-anything'
import type { Services } from '../services/api'
import { useServices } from '../services/context'
import { eventsSaying, listLink, n8nRunFailureEvents, pendingApprovals, refusedWebhookEvents, unstoredWebhookEvents } from '../../../shared/list-links'
import { useAlertTest } from '../stores/alert-test'
import { useBackups } from '../stores/backups'
import { latestRead } from '../stores/latest-read'
import { followLink } from '../stores/list-links'
import { useNavigation } from '../stores/navigation'
import { entryOf, useSettings } from '../stores/settings'
import { useWorkflowNames } from '../stores/workflow-names'

/** Keystrokes are gathered this long before the core is asked. */
const TYPING_PAUSE_MS = 150

const settled = <T,>(result: PromiseSettledResult<T>): T | undefined => (result.status === 'fulfilled' ? result.value : undefined)

/** Executions, approvals and webhooks that a query finds, asked of the core together. */
async function askCore(services: Services, query: string): Promise<FoundRemotely> {
  const search = query.trim()
  const page = { page: 1, page_size: SHOWN_PER_KIND }
  const [executions, approvals, webhooks] = await Promise.allSettled([
    services.call('executions.list', { search, ...page }),
    services.call('approvals.list', { search, ...page }),
    services.call('queue.list', { search, ...page }),
  ])
  return { executions: settled(executions), approvals: settled(approvals), webhooks: settled(webhooks) }
}

/** The commands that open a filtered list, by the list's address: those the tray and the dashboard open too. */
const listsOpened: Partial<Record<Command, string>> = {
  'pending-approvals': pendingApprovals,
  'failed-executions': listLink('executions', { status: 'failed' }),
  'held-executions': listLink('executions', { held_back: true }),
  'scheduled-executions': listLink('executions', { scheduled: true }),
  'failed-webhooks': listLink('queue', { status: 'failed' }),
  'failed-in-n8n': n8nRunFailureEvents,
  'quiet-workflows': eventsSaying('workflow_quiet'),
  'failing-workflows': eventsSaying('workflow_failing'),
  'slow-workflows': eventsSaying('workflow_slow'),
  'refused-webhooks': refusedWebhookEvents,
  'unstored-webhooks': unstoredWebhookEvents,
}

/** A command does what it says where its outcome shows: the paused banner, Settings' backups, a filtered list. */
function run(services: Services, command: Command, showShortcuts: () => void): void {
  const go = useNavigation.getState().go
  const list = listsOpened[command]
  if (list) void followLink(services, list)
  else if (command === 'pause-calls' || command === 'resume-calls') void useSettings.getState().save(services, { N8N_CALLS_PAUSED: command === 'pause-calls' })
  else if (command === 'back-up') {
    go({ screen: 'settings', id: null })
    void useBackups.getState().backUp(services)
  } else if (command === 'test-alert') {
    go({ screen: 'settings', id: null })
    void useAlertTest.getState().send(services)
  } else showShortcuts()
}

function follow(services: Services, found: Found, showShortcuts: () => void): void {
  const { target } = found
  if (target.kind === 'route') return useNavigation.getState().go(target.route)
  if (target.kind === 'command') return run(services, target.command, showShortcuts)
  void followLink(services, listLink(target.screen, { search: target.search }))
}

/**
 * One box for going anywhere: a screen, a workflow by name, an execution, approval or webhook
 * by its number or by what it says (an n8n execution id, a lead's address, an error), or the
 * activity log searched for the words — and for a few commands (pause calls, back up, …).
 * Ctrl+K (⌘K) opens it from every screen.
 */
export function FindAnything({ onClose, onShortcuts }: { onClose: () => void; onShortcuts: () => void }) {
  const services = useServices()
  const names = useWorkflowNames((s) => s.names)
  const paused = useSettings((s) => entryOf(s.view, 'N8N_CALLS_PAUSED'))
  const dialog = useRef<HTMLDialogElement>(null)
  const [query, setQuery] = useState('')
  const [remote, setRemote] = useState<{ query: string; found: FoundRemotely } | null>(null)
  const [active, setActive] = useState(0)
  const read = useMemo(() => latestRead(), [])

  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])

  useEffect(() => {
    const isLatest = read()
    if (!asksTheCore(query)) return
    const timer = setTimeout(() => void askCore(services, query).then((found) => isLatest() && setRemote({ query, found })), TYPING_PAUSE_MS)
    return () => clearTimeout(timer)
  }, [services, query, read])

  // Records shown are those of the query typed, never an older one's still on its way.
  const callsPaused = paused?.editable ? paused.value === true : null
  const choices = everythingFound(query, remote?.query === query ? remote.found : {}, names, { callsPaused })
  const looking = asksTheCore(query) && remote?.query !== query
  const shown = Math.min(active, Math.max(0, choices.length - 1))

  const choose = (found: Found | undefined) => {
    if (!found) return
    dialog.current?.close()
    follow(services, found, onShortcuts)
  }

  // The keys are this box's own: nothing behind the dialog answers them.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation()
    const moves: Record<string, number> = { ArrowDown: shown + 1, ArrowUp: shown - 1, Home: 0, End: choices.length - 1 }
    if (event.key in moves && (event.key.startsWith('Arrow') || event.ctrlKey)) {
      event.preventDefault()
      setActive(Math.max(0, Math.min(choices.length - 1, moves[event.key]!)))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      choose(choices[shown])
    }
  }

  return (
    <dialog ref={dialog} className="find-anything" aria-labelledby="find-title" onClose={onClose} data-testid="find-anything" data-keys-inside="">
      <h2 id="find-title" className="visually-hidden">
        Find anything
      </h2>
      <input
        type="text"
        role="combobox"
        aria-label="Find a screen, workflow, execution, approval or webhook, or a command"
        aria-expanded={choices.length > 0}
        aria-controls="find-results"
        aria-activedescendant={choices[shown] ? `find-${choices[shown].key}` : undefined}
        aria-autocomplete="list"
        placeholder="A screen, workflow, #number, n8n id, e-mail, error, or a command: pause, back up…"
        value={query}
        autoFocus
        onChange={(event) => (setQuery(event.target.value), setActive(0))}
        onKeyDown={onKeyDown}
      />
      <ul id="find-results" role="listbox" aria-label="Found" aria-busy={looking}>
        {choices.map((found, index) => (
          <li
            key={found.key}
            id={`find-${found.key}`}
            role="option"
            aria-selected={index === shown}
            className={index === shown ? 'active' : undefined}
            onMouseMove={() => setActive(index)}
            onClick={() => choose(found)}
          >
            <span className="find-label">{found.label}</span>
            {found.detail && <span className="muted small">{found.detail}</span>}
          </li>
        ))}
      </ul>
      <p className="muted small" role="status" data-testid="find-status">
        {looking ? 'Looking…' : choices.length === 0 ? `Nothing found for "${query.trim()}"` : '↑ ↓ to choose · Enter to open · Esc to close'}
      </p>
    </dialog>
  )
}
