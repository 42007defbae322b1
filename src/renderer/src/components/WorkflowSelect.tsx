import { useWorkflowNames } from '../stores/workflow-names'

/** Narrows a list to one workflow, chosen by name; empty means all of them. */
export function WorkflowSelect({ value, onChange }: { value: number | undefined; onChange(id: number | undefined): void }) {
  const names = useWorkflowNames((s) => s.names)
  return (
    <select aria-label="Workflow" value={value ?? ''} onChange={(e) => onChange(Number(e.target.value) || undefined)}>
      <option value="">All workflows</option>
      {[...names].map(([id, name]) => (
        <option key={id} value={id}>
          {name}
        </option>
      ))}
    </select>
  )
}
