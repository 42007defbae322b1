import { useState, type FormEvent, type ReactNode } from 'react'
import { alertApprovalChoices, alertFormats, type SettingEntry, type SettingValue } from '../../../shared/schemas/settings'
import { AutoRulesEditor } from '../components/AutoRulesEditor'
import { alongsideRules, rulesOf } from '../lib/auto-rules'
import { useServices } from '../services/context'
import { entryOf, useSettings } from '../stores/settings'

const logLevelChoices = ['debug', 'info', 'warn', 'error'] as const

const labels: Record<string, string> = {
  N8N_API_URL: 'n8n API URL',
  N8N_API_KEY: 'n8n API key',
  N8N_CALLS_PAUSED: 'Pause calls to n8n (they wait; nothing is lost)',
  FLOWGATE_PUBLIC_URL: 'Public (tunnel) URL',
  FLOWGATE_TUNNEL_AGENTS: 'Tunnel agents to look at (URLs, comma-separated)',
  WORKFLOW_MAX_RETRIES: 'Webhook retries before dead letter',
  WORKFLOW_RETRY_DELAY_SECONDS: 'First retry delay (s)',
  WORKFLOW_EXECUTION_TIMEOUT_SECONDS: 'Execution timeout (s)',
  WORKFLOW_APPROVAL_TIMEOUT_HOURS: 'Approval expires after (h)',
  APPROVAL_UNDO_SECONDS: 'Undo window after a decision (s, 0 = off)',
  AUTO_APPROVAL_ENABLED: 'AI auto-approval',
  AUTO_APPROVAL_CONFIDENCE_THRESHOLD: 'Minimum confidence (%)',
  AUTO_APPROVAL_MAX_DAILY_LIMIT: 'AI decisions per day at most',
  AUTO_APPROVAL_DAILY_BUDGET: 'AI spend per day at most ($ of OpenRouter credits)',
  AUTO_APPROVAL_SHADOW_MODE: 'Shadow mode (AI suggests, you decide)',
  AUTO_APPROVAL_RULES: 'Rules per approval type',
  AUTO_APPROVAL_BLOCKED_WORDS: 'Never ask the model when a request mentions (comma-separated, beside gift cards, wire transfers …)',
  AUTO_APPROVAL_BLOCKED_DOMAINS: 'Never ask the model about leads at these domains, or requests that link to or mention an address there (comma-separated, subdomains too)',
  EMAIL_SEND_MAX_PER_LEAD_PER_WEEK: 'Emails per lead per week',
  EMAIL_SEND_MIN_HOURS_APART: 'Hours between emails to a lead',
  MONITORING_RETENTION_DAYS: 'Keep events for (days)',
  WEBHOOK_RETENTION_DAYS: 'Keep processed webhooks for (days)',
  CALL_RETENTION_DAYS: 'Keep calls n8n took for (days)',
  EXECUTION_RETENTION_DAYS: 'Keep finished executions for (days)',
  FLOWGATE_BACKUP_INTERVAL_HOURS: 'Back up every (h, 0 = off)',
  FLOWGATE_BACKUP_KEEP: 'Backups to keep',
  FLOWGATE_BACKUP_DIR: 'Backup folder',
  OPENROUTER_API_KEY: 'OpenRouter API key',
  OPENROUTER_BASE_URL: 'OpenRouter base URL',
  OPENROUTER_MODEL: 'Model',
  FLOWGATE_ALERT_URL: 'Send alerts to (an ntfy topic, a Slack or Discord webhook, or any URL taking JSON)',
  FLOWGATE_ALERT_FORMAT: 'Written for',
  FLOWGATE_ALERT_DAILY_SUMMARY_HOUR: 'A summary of the last 24 hours every day at (hour, 0–23)',
  FLOWGATE_ALERT_QUIET_HOURS: 'Quiet hours: alerts wait, then go as one message (e.g. 22-7)',
  FLOWGATE_ALERT_APPROVALS: 'Approvals that alert (high: high priority, and any about to expire)',
  FLOWGATE_LOG_LEVEL: 'Log level',
  DEBUG: 'Debug logging',
}

/** Settings chosen from a list. */
const choices: Record<string, readonly string[]> = {
  FLOWGATE_LOG_LEVEL: logLevelChoices,
  FLOWGATE_ALERT_FORMAT: alertFormats,
  FLOWGATE_ALERT_APPROVALS: alertApprovalChoices,
}

/** On/off settings (DEBUG arrives from the environment as text). */
const isSwitch = (entry: SettingEntry): boolean => typeof entry.value === 'boolean' || entry.key === 'DEBUG'

const shownValue = (entry: SettingEntry): string => (entry.value === null ? '' : String(entry.value))

/** Typed back the way the settings schema reads it: numbers as numbers, empty as "unset". */
function typedValue(entry: SettingEntry, text: string): SettingValue {
  if (text.trim() === '') return null
  return typeof entry.value === 'number' ? Number(text) : text
}

/** One card of settings: an input per key, saved together; env-locked keys are read-only. */
export function SettingsGroup({
  title,
  keys,
  children,
  testId,
  placeholders = {},
  wide = false,
}: {
  title: string
  keys: string[]
  children?: ReactNode
  testId: string
  /** Across the whole grid, for a table. */
  wide?: boolean
  /** What an empty field means (the default it falls back to). */
  placeholders?: Record<string, string>
}) {
  const services = useServices()
  const { view, save, saving, saved } = useSettings()
  const [edits, setEdits] = useState<Record<string, SettingValue>>({})
  const [error, setError] = useState<string | null>(null)
  const entries = keys.map((key) => entryOf(view, key)).filter((e): e is SettingEntry => Boolean(e))
  /** A field as it reads now: edited, or as saved. */
  const shown = (key: string): string => {
    const entry = entryOf(view, key)
    return edits[key] !== undefined ? String(edits[key] ?? '') : entry ? shownValue(entry) : ''
  }
  const justSaved = saved && keys.some((k) => saved.keys.includes(k)) && Date.now() - saved.at < 5000

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (Object.keys(edits).length === 0) return
    const ok = await save(services, edits)
    if (ok) {
      setEdits({})
      setError(null)
    } else setError(useSettings.getState().error)
  }

  const input = (entry: SettingEntry) => {
    const label = labels[entry.key] ?? entry.key
    const locked = !entry.editable
    const common = { 'aria-label': label, disabled: locked }
    if (isSwitch(entry)) {
      const checked = (edits[entry.key] ?? entry.value) === true
      return <input type="checkbox" {...common} checked={checked} onChange={(e) => setEdits({ ...edits, [entry.key]: e.target.checked })} />
    }
    const options = choices[entry.key]
    if (options) {
      return (
        <select {...common} value={String(edits[entry.key] ?? entry.value)} onChange={(e) => setEdits({ ...edits, [entry.key]: e.target.value })}>
          {options.map((choice) => (
            <option key={choice}>{choice}</option>
          ))}
        </select>
      )
    }
    if (entry.secret) {
      return <input type="password" {...common} placeholder={entry.isSet ? '•••••• (set; type to replace)' : 'not set'} value={String(edits[entry.key] ?? '')} onChange={(e) => setEdits({ ...edits, [entry.key]: e.target.value || null })} />
    }
    return <input type={typeof entry.value === 'number' ? 'number' : 'text'} {...common} placeholder={placeholders[entry.key]} value={shown(entry.key)} onChange={(e) => setEdits({ ...edits, [entry.key]: typedValue(entry, e.target.value) })} />
  }

  return (
    <form className={`panel settings-group${wide ? ' wide' : ''}`} onSubmit={(e) => void submit(e)} data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      {entries.map((entry) => {
        const caption = (
          <span>
            {labels[entry.key] ?? entry.key}
            {!entry.editable && <em className="muted small"> (set by the environment)</em>}
          </span>
        )
        if (entry.key === 'AUTO_APPROVAL_RULES') {
          // A table is no label's content: the rules get a fieldset of their own.
          return (
            <fieldset className="plain" key={entry.key}>
              <legend>{caption}</legend>
              <AutoRulesEditor
                rules={rulesOf(shown(entry.key))}
                alongside={alongsideRules(shown)}
                editable={entry.editable}
                onChange={(rules) => setEdits({ ...edits, [entry.key]: JSON.stringify(rules) })}
              />
            </fieldset>
          )
        }
        // A switch reads as a sentence: the box, then what it turns on.
        return isSwitch(entry) ? (
          <label className="check" key={entry.key}>
            {input(entry)} {caption}
          </label>
        ) : (
          <label className="field" key={entry.key}>
            {caption}
            {input(entry)}
          </label>
        )
      })}
      {children}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={saving || Object.keys(edits).length === 0}>
          Save
        </button>
        {justSaved && <span className="notice">Saved</span>}
      </div>
    </form>
  )
}
