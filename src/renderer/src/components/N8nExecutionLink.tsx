import { n8nExecutionLink } from '../lib/n8n-links'
import { entryOf, useSettings } from '../stores/settings'
import { useWorkflowNames } from '../stores/workflow-names'

/** n8n's id for the run, as a link into n8n's editor when Flowgate can tell where that is. */
export function N8nExecutionLink({ workflowId, executionId }: { workflowId: number; executionId: string | null }) {
  const apiUrl = useSettings((s) => entryOf(s.view, 'N8N_API_URL')?.value)
  const n8nWorkflowId = useWorkflowNames((s) => s.n8nIds.get(workflowId))
  const link = n8nExecutionLink(apiUrl, n8nWorkflowId, executionId)
  if (!link) return <>n8n execution {executionId ?? '—'}</>
  return (
    <a href={link} target="_blank" rel="noreferrer">
      n8n execution {executionId}
    </a>
  )
}
