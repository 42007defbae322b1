import { useState } from 'react'
import type { AutoApprovalRules } from '../../../shared/schemas/auto-rules'
import { ruleFields, ruleTypes, trialRows, withField, withoutType, withType, type Alongside } from '../lib/auto-rules'
import { dateTime } from '../lib/format'
import { useServices } from '../services/context'
import { useRequest } from '../services/use-request'
import { useNavigation } from '../stores/navigation'

/** How many of the latest decisions a trial reads. */
const TRIAL_SIZE = 500

/**
 * The auto-approval rules as a table, a row per approval type, and a trial of the rules as
 * edited on the latest decisions a person made, beside the rules in force.
 */
export function AutoRulesEditor({
  rules,
  alongside,
  editable,
  onChange,
}: {
  rules: AutoApprovalRules
  /** The threshold and the blocked words and domains as they read in their fields now, tried with the rules. */
  alongside: Alongside
  editable: boolean
  onChange: (rules: AutoApprovalRules) => void
}) {
  const [newType, setNewType] = useState('')
  const types = ruleTypes(rules)

  const cell = (type: string, field: (typeof ruleFields)[number]['field']) => {
    const value = rules[type]![field]
    const label = `${type}: ${ruleFields.find((f) => f.field === field)!.title}`
    if (typeof value === 'boolean') {
      return <input type="checkbox" checked={value} disabled={!editable} aria-label={label} onChange={(e) => onChange(withField(rules, type, field, e.target.checked))} />
    }
    return (
      <input
        type="number"
        min={0}
        max={field === 'max_recipients' ? undefined : 100}
        value={value === null ? '' : String(value)}
        disabled={!editable}
        aria-label={label}
        onChange={(e) => onChange(withField(rules, type, field, e.target.value))}
      />
    )
  }

  return (
    <div className="auto-rules">
      <div className="table-scroll">
        <table data-testid="auto-rules">
          <thead>
            <tr>
              <th>Approval type</th>
              {ruleFields.map(({ field, title }) => (
                <th key={field}>{title}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <tr key={type}>
                <td>{type === 'default' ? <em>every other type</em> : <code>{type}</code>}</td>
                {ruleFields.map(({ field }) => (
                  <td key={field}>{cell(type, field)}</td>
                ))}
                <td>
                  {editable && type !== 'default' && (
                    <button type="button" className="link" onClick={() => onChange(withoutType(rules, type))} aria-label={`Remove the rules of ${type}`}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editable && (
        <div className="toolbar">
          <input value={newType} onChange={(e) => setNewType(e.target.value)} placeholder="approval type, e.g. demo_deploy" aria-label="New approval type" />
          <button type="button" disabled={!newType.trim() || newType.trim() in rules} onClick={() => (onChange(withType(rules, newType)), setNewType(''))}>
            Add type
          </button>
        </div>
      )}
      <RulesTrialPanel rules={rules} alongside={alongside} />
    </div>
  )
}

/** "Try on past decisions": the rules shown, against those in force, on the same decisions. */
function RulesTrialPanel({ rules, alongside }: { rules: AutoApprovalRules; alongside: Alongside }) {
  const services = useServices()
  const go = useNavigation((state) => state.go)
  const { answer: trial, problem, busy, run } = useRequest(() => services.call('approvals.tryRules', { rules, ...alongside, limit: TRIAL_SIZE }))

  return (
    <div className="rules-trial" data-testid="rules-trial">
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? 'Trying…' : 'Try on past decisions'}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {trial && trial.considered === 0 && <p className="muted">No decisions of yours yet to try the rules on.</p>}
      {trial && trial.considered > 0 && (
        <>
          <p className="muted small">
            Your last {trial.considered} decisions ({trial.approved} approved, {trial.rejected} rejected, since {dateTime(trial.since)}), the model answering as it
            did {trial.model_answered === trial.considered ? 'each time' : `where it was asked (${trial.model_answered}) and sure where it was not`}:
          </p>
          <table className="trial">
            <thead>
              <tr>
                <th />
                <th>In force</th>
                <th>As edited</th>
              </tr>
            </thead>
            <tbody>
              {trialRows(trial).map((row) => (
                <tr key={row.label} className={row.risk && row.asEdited > 0 ? 'risk' : undefined}>
                  <td>{row.label}</td>
                  <td>{row.inForce}</td>
                  <td>{row.asEdited}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {trial.proposed.could_approve_rejected.count > 0 && (
            <p className="small" data-testid="rules-trial-risk">
              Rejected by you, approvable as edited:{' '}
              {trial.proposed.could_approve_rejected.ids.map((id) => (
                <button key={id} type="button" className="link" onClick={() => go({ screen: 'approvals', id })}>
                  #{id}
                </button>
              ))}
            </p>
          )}
        </>
      )}
    </div>
  )
}
