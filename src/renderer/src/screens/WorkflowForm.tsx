import { useState, type FormEvent, type ReactNode } from 'react'
import { workflowCreateSchema, workflowFieldsSchema, type Workflow } from '../../../shared/schemas/workflows'
import { commaSeparated } from '../../../shared/text'
import { ErrorNote } from '../components/common'
import { SuggestInputRules } from '../components/SuggestInputRules'
import { SendWindowFields, sendWindowProblem, WORKING_DAYS, type SendWindowDraft } from '../components/SendWindowFields'
import { useServices } from '../services/context'

/** Optional whole numbers: empty in the form, null to the contract. */
const NUMBER_FIELDS = ['timeout_seconds', 'max_running', 'max_per_hour', 'max_per_day', 'expect_run_every_hours', 'hold_after_failures'] as const
type NumberField = (typeof NUMBER_FIELDS)[number]

export interface Draft extends Record<NumberField, string> {
  workflow_name: string
  workflow_description: string
  n8n_workflow_id: string
  webhook_url: string
  trigger_events: string
  required_input_fields: string
  is_active: boolean
  requires_approval: boolean
  auto_approval_enabled: boolean
  alerts_muted: boolean
  default_approval_type: string
  default_priority: 'high' | 'medium' | 'low'
  send_window: SendWindowDraft
  webhook_secret: string
}

const draftOf = (w: Workflow | null): Draft => ({
  workflow_name: w?.workflow_name ?? '',
  workflow_description: w?.workflow_description ?? '',
  n8n_workflow_id: w?.n8n_workflow_id ?? '',
  webhook_url: w?.webhook_url ?? '',
  trigger_events: w?.trigger_events.join(', ') ?? '',
  required_input_fields: w?.required_input_fields.join(', ') ?? '',
  is_active: w?.is_active ?? true,
  requires_approval: w?.requires_approval ?? false,
  auto_approval_enabled: w?.auto_approval_enabled ?? false,
  alerts_muted: w?.alerts_muted ?? false,
  default_approval_type: w?.default_approval_type ?? 'workflow_execution',
  default_priority: w?.default_priority ?? 'medium',
  ...(Object.fromEntries(NUMBER_FIELDS.map((field) => [field, w?.[field]?.toString() ?? ''])) as Record<NumberField, string>),
  send_window: w?.send_window ?? { from: '', to: '', days: WORKING_DAYS },
  webhook_secret: '',
})

/** A new workflow set up like this one: its limits, rules and approval, not what ties it to its n8n workflow. */
export const copyOf = (w: Workflow): Partial<Draft> => ({
  ...draftOf(w),
  workflow_name: `${w.workflow_name} (copy)`,
  n8n_workflow_id: '',
  webhook_url: '',
})

/** The draft as the contract wants it: empty optional fields are null, the secret only when typed. */
function fieldsOf(draft: Draft) {
  const { webhook_secret, send_window, trigger_events, required_input_fields, ...rest } = draft
  return {
    ...rest,
    ...(Object.fromEntries(NUMBER_FIELDS.map((field) => [field, rest[field] ? Number(rest[field]) : null])) as Record<NumberField, number | null>),
    workflow_description: rest.workflow_description || null,
    n8n_workflow_id: rest.n8n_workflow_id || null,
    webhook_url: rest.webhook_url || null,
    trigger_events: commaSeparated(trigger_events),
    required_input_fields: commaSeparated(required_input_fields),
    send_window: send_window.from || send_window.to ? send_window : null,
    ...(webhook_secret ? { webhook_secret } : {}),
  }
}

function secretLabel(workflow: Workflow | null): string {
  if (workflow?.webhook_secret_unreadable) return 'Webhook secret (set on another machine, unreadable here; type it again)'
  return workflow?.has_webhook_secret ? 'Webhook secret (set; type to replace)' : 'Webhook secret (optional; overrides the global one)'
}

/** A titled part of the form: what it is, its n8n side, what comes before a start, sending, watching. */
function FormGroup({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="form-group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  )
}

interface WorkflowFormProps {
  workflow: Workflow | null
  /** For a new workflow: fields already known (from the n8n workflow it links to). */
  prefill?: Partial<Draft> | null
  onDone: (saved: Workflow | null) => void
}

export function WorkflowForm({ workflow, prefill, onDone }: WorkflowFormProps) {
  const services = useServices()
  const [draft, setDraft] = useState<Draft>(() => ({ ...draftOf(workflow), ...prefill }))
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    // An edited field's old complaint no longer applies; the next Create checks it again.
    setFieldErrors(({ [key]: _edited, ...others }) => others)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const fields = fieldsOf(draft)
    // The contract's own schema checks the form before anything is sent.
    const checked = (workflow ? workflowFieldsSchema.partial().strict() : workflowCreateSchema).safeParse(fields)
    if (!checked.success) {
      const said = (issue: (typeof checked.error.issues)[number]) => (issue.path[0] === 'send_window' ? sendWindowProblem(issue.path[1], issue.message) : issue.message)
      setFieldErrors(Object.fromEntries(checked.error.issues.map((issue) => [String(issue.path[0]), said(issue)])))
      return
    }
    setFieldErrors({})
    try {
      const saved = workflow ? await services.call('workflows.update', { id: workflow.id, changes: fields }) : await services.call('workflows.create', fields)
      onDone(saved)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const remove = async () => {
    if (!workflow || !confirm(`Delete ${workflow.workflow_name}? Its executions stay in the history.`)) return
    try {
      await services.call('workflows.delete', { id: workflow.id })
      onDone(null)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const text = (key: keyof Draft, label: string, props: { placeholder?: string; type?: string } = {}) => (
    <label className="field">
      <span>{label}</span>
      <input aria-label={label} value={draft[key] as string} onChange={(e) => set(key, e.target.value as never)} aria-invalid={Boolean(fieldErrors[key])} {...props} />
      {fieldErrors[key] && <span className="field-error">{fieldErrors[key]}</span>}
    </label>
  )
  const check = (key: 'is_active' | 'requires_approval' | 'auto_approval_enabled' | 'alerts_muted', label: string) => (
    <label className="check">
      <input type="checkbox" checked={draft[key]} onChange={(e) => set(key, e.target.checked)} /> {label}
    </label>
  )

  return (
    <form className="detail form" onSubmit={(e) => void submit(e)} aria-label={workflow ? `Edit ${workflow.workflow_name}` : 'New workflow'} noValidate>
      <h3>{workflow ? `Edit ${workflow.workflow_name}` : 'New workflow'}</h3>
      <FormGroup legend="The workflow">
        {text('workflow_name', 'Name')}
        {text('workflow_description', 'Description')}
        {check('is_active', 'Active')}
      </FormGroup>
      <FormGroup legend="Its side in n8n">
        {text('n8n_workflow_id', 'n8n workflow id', { placeholder: 'from the n8n editor URL' })}
        {text('webhook_url', 'n8n webhook URL', { placeholder: 'https://…/webhook/…' })}
        {text('trigger_events', 'Trigger events', { placeholder: 'lead.created, video.requested' })}
        {text('webhook_secret', secretLabel(workflow), { type: 'password' })}
      </FormGroup>
      <FormGroup legend="Before it starts">
        {text('required_input_fields', 'Input must have (fields)', { placeholder: 'e.g. email: email, lead.phone, amount: number' })}
        {workflow && <SuggestInputRules workflowId={workflow.id} value={draft.required_input_fields} onChange={(value) => set('required_input_fields', value)} />}
        <div className="checks-row">
          {check('requires_approval', 'Requires approval')}
          {check('auto_approval_enabled', 'AI auto-approval')}
        </div>
        {text('default_approval_type', 'Approval type')}
        <label className="field">
          <span>Priority</span>
          <select aria-label="Priority" value={draft.default_priority} onChange={(e) => set('default_priority', e.target.value as Draft['default_priority'])}>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        </label>
      </FormGroup>
      <FormGroup legend="Sending to n8n">
        {text('timeout_seconds', 'Timeout (seconds)', { type: 'number', placeholder: 'default from settings' })}
        {text('max_running', 'At most running at once in n8n', { type: 'number', placeholder: 'no limit' })}
        {text('max_per_hour', 'At most started per hour', { type: 'number', placeholder: 'no limit' })}
        {text('max_per_day', 'At most started per 24 hours', { type: 'number', placeholder: 'no limit' })}
        <SendWindowFields value={draft.send_window} error={fieldErrors.send_window} onChange={(value) => set('send_window', value)} />
      </FormGroup>
      <FormGroup legend="Keeping watch">
        {text('expect_run_every_hours', 'Expect a run at least every (hours)', { type: 'number', placeholder: 'no expectation' })}
        {text('hold_after_failures', 'Hold its calls to n8n after this many failures in a row', { type: 'number', placeholder: 'never' })}
        {check('alerts_muted', 'No alerts to phone or chat')}
      </FormGroup>
      <ErrorNote error={error} />
      <div className="toolbar">
        <button type="submit" className="primary">
          {workflow ? 'Save' : 'Create'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        {workflow && (
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete
          </button>
        )}
      </div>
    </form>
  )
}
