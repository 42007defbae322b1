import { useCallback, useEffect, useState } from 'react'
import type { N8nWorkflowListing } from '../../../shared/schemas/n8n'
import { EmptyState, ErrorNote, StatusPill } from '../components/common'
import { n8nWorkflowLink } from '../lib/n8n-links'
import { useServices } from '../services/context'
import { useNavigation } from '../stores/navigation'
import { entryOf, useSettings } from '../stores/settings'
import { useWorkflows } from '../stores/workflows'

/** What a new Flowgate workflow takes from the n8n workflow it is linked to. */
export interface N8nLink {
  workflow_name: string
  n8n_workflow_id: string
  webhook_url: string
}

const linkOf = (w: N8nWorkflowListing): N8nLink => ({ workflow_name: w.name, n8n_workflow_id: w.id, webhook_url: w.webhook_url! })

/** Nothing would stop Flowgate starting it, and it is not linked yet. */
const isReady = (w: N8nWorkflowListing): boolean => w.webhook_url !== null && w.problems.length === 0 && !w.linked_workflow_id

/**
 * n8n's workflows, read through its API, each with where its Webhook trigger listens and what
 * would stop Flowgate starting it; *Link* opens a new Flowgate workflow filled in from it.
 */
export function N8nWorkflowPicker({ onLink, onClose }: { onLink: (link: N8nLink) => void; onClose: () => void }) {
  const services = useServices()
  const go = useNavigation((s) => s.go)
  const apiUrl = useSettings((s) => entryOf(s.view, 'N8N_API_URL')?.value)
  const [workflows, setWorkflows] = useState<N8nWorkflowListing[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const [linkedAll, setLinkedAll] = useState<string | null>(null)
  const read = useCallback(
    () =>
      services.call('n8n.workflows', undefined).then(
        (list) => setWorkflows(list.items),
        (e: Error) => setError(e.message),
      ),
    [services],
  )
  useEffect(() => void read(), [read])
  const ready = workflows?.filter(isReady) ?? []

  /** Each ready one becomes a Flowgate workflow as *Link* would fill it in; one refused (a name taken) is said and the rest go on. */
  const linkAllReady = async () => {
    const refused: string[] = []
    for (const w of ready) {
      await services.call('workflows.create', linkOf(w)).catch((e: Error) => refused.push(`“${w.name}”: ${e.message}`))
    }
    setLinkedAll(`Linked ${ready.length - refused.length} of ${ready.length}.${refused.length ? ` Not linked: ${refused.join('; ')}` : ''}`)
    void useWorkflows.getState().load(services)
    await read()
  }

  return (
    <article className="detail" data-testid="n8n-workflows" aria-labelledby="n8n-workflows-title">
      <div className="screen-head">
        <h3 id="n8n-workflows-title">Link a workflow from n8n</h3>
        <div className="toolbar">
          {ready.length > 1 && (
            <button type="button" onClick={() => void linkAllReady()}>
              Link all {ready.length} ready
            </button>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {linkedAll && (
        <p role="status" data-testid="linked-all">
          {linkedAll}
        </p>
      )}
      <ErrorNote error={error} />
      {error?.includes('Settings') && (
        <button type="button" className="link" onClick={() => go({ screen: 'settings', id: null })}>
          Open Settings
        </button>
      )}
      {!workflows && !error && <p className="muted">Reading n8n's workflows…</p>}
      {workflows?.length === 0 && <EmptyState title="n8n has no workflows yet">Create one in n8n with a Webhook trigger, or install a template from a workflow's page.</EmptyState>}
      {workflows && workflows.length > 0 && (
        <ul className="n8n-workflows">
          {workflows.map((w) => (
            <li key={w.id} data-testid={`n8n-workflow-${w.id}`}>
              <div className="n8n-workflow-head">
                <strong>{w.name}</strong> <StatusPill status={w.active ? 'active' : 'inactive'} />
                <span className="muted small">
                  {' '}
                  n8n id{' '}
                  {n8nWorkflowLink(apiUrl, w.id) ? (
                    <a href={n8nWorkflowLink(apiUrl, w.id)!} target="_blank" rel="noreferrer">
                      {w.id}
                    </a>
                  ) : (
                    w.id
                  )}
                </span>
              </div>
              <div className="muted small data">{w.webhook_url ?? 'No Webhook trigger'}</div>
              {w.problems.length > 0 && (
                <ul className="problems small">
                  {w.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
              {w.linked_workflow_id ? (
                <button type="button" onClick={() => (go({ screen: 'workflows', id: w.linked_workflow_id }), onClose())}>
                  Linked as #{w.linked_workflow_id}: open
                </button>
              ) : (
                <button type="button" disabled={!w.webhook_url} aria-label={`Link ${w.name}`} onClick={() => onLink(linkOf(w))}>
                  Link
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}
