import { useState } from 'react'
import { templateNames, type TemplateInstall } from '../../../shared/schemas/n8n'
import type { Workflow } from '../../../shared/schemas/workflows'
import { N8nNodeKits } from '../components/N8nNodeKits'
import { OutcomeNote, type Outcome } from '../components/common'
import { useServices } from '../services/context'
import { n8nApiReady, useSettings } from '../stores/settings'

type TemplateName = (typeof templateNames)[number]

const titles: Record<TemplateName, string> = {
  'lead-qualification': 'Lead Qualification',
  'video-demo-site': 'Video + Demo Site',
  'follow-up': 'Follow-up Automation',
}

/** n8n's side of a workflow: each template downloaded as JSON, or installed straight into n8n. */
export function WorkflowTemplates({ workflow }: { workflow: Workflow }) {
  const services = useServices()
  const canInstall = useSettings((s) => n8nApiReady(s.view))
  const [busy, setBusy] = useState<TemplateName | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [installed, setInstalled] = useState<TemplateInstall | null>(null)

  const download = async (name: TemplateName) => {
    try {
      const template = await services.call('n8n.template', { name, workflow_id: workflow.id })
      const link = document.createElement('a')
      link.href = URL.createObjectURL(new Blob([JSON.stringify(template, null, 2)], { type: 'application/json' }))
      link.download = `${name}.n8n.json`
      link.click()
      URL.revokeObjectURL(link.href)
    } catch (error) {
      setOutcome({ tone: 'error', text: (error as Error).message })
    }
  }

  const install = async (name: TemplateName) => {
    setBusy(name)
    setInstalled(null)
    try {
      const result = await services.call('n8n.installTemplate', { name, workflow_id: workflow.id })
      setInstalled(result)
      const state = result.active ? 'active' : 'not active yet'
      setOutcome({ tone: 'ok', text: `Installed in n8n as "${result.n8n_workflow_name}" (${state}); this workflow now dispatches to it` })
    } catch (error) {
      setOutcome({ tone: 'error', text: (error as Error).message })
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      <h4>n8n templates</h4>
      <table className="templates">
        <tbody>
          {templateNames.map((name) => (
            <tr key={name}>
              <td>{titles[name]}</td>
              <td>
                <button type="button" onClick={() => void download(name)} aria-label={`Download ${titles[name]}`}>
                  Download
                </button>{' '}
                <button type="button" disabled={!canInstall || busy !== null} onClick={() => void install(name)} aria-label={`Install ${titles[name]} in n8n`}>
                  {busy === name ? 'Installing…' : 'Install in n8n'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!canInstall && <p className="muted small">Connect the n8n API in Settings to install a template straight into n8n, credential and all.</p>}
      <OutcomeNote outcome={outcome} testId="template-outcome" />
      <N8nNodeKits workflow={workflow} />
      {installed && (
        <div data-testid="template-installed">
          {installed.notes.map((note) => (
            <p key={note} className="warning">
              {note}
            </p>
          ))}
          <a href={installed.editor_url} target="_blank" rel="noreferrer">
            Open it in n8n
          </a>
        </div>
      )}
    </>
  )
}
