import { useMemo, useState } from 'react'
import { useDashboard } from '../stores/dashboard'
import { useNavigation } from '../stores/navigation'
import { useQueueStatus } from '../stores/queue'
import { useSettings } from '../stores/settings'
import { setupSteps } from '../stores/setup-steps'

const HIDDEN_KEY = 'flowgate.getStarted.hidden'

/** The first-run checklist: shown until every step is done, or the operator hides it. */
export function GetStarted() {
  const settings = useSettings((s) => s.view)
  const workflows = useDashboard((s) => (s.dashboard ? s.dashboard.workflows.active + s.dashboard.workflows.inactive : null))
  const webhooks = useQueueStatus((s) => s.status?.total ?? null)
  const go = useNavigation((s) => s.go)
  const [hidden, setHidden] = useState(() => localStorage.getItem(HIDDEN_KEY) === 'yes')
  const steps = useMemo(() => setupSteps({ settings, workflows, webhooks }), [settings, workflows, webhooks])
  if (hidden || !steps || steps.every((step) => step.done)) return null

  const hide = () => {
    localStorage.setItem(HIDDEN_KEY, 'yes')
    setHidden(true)
  }
  return (
    <section className="panel get-started" aria-label="Get started" data-testid="get-started">
      <div className="screen-head">
        <h3>
          Get started · {steps.filter((step) => step.done).length} of {steps.length} done
        </h3>
        <button type="button" onClick={hide}>
          Hide
        </button>
      </div>
      <ol>
        {steps.map((step) => (
          <li key={step.id} className={step.done ? 'done' : ''} data-testid={`setup-${step.id}`} data-done={step.done}>
            <span aria-hidden="true">{step.done ? '✓' : '○'}</span>{' '}
            {step.done ? (
              step.label
            ) : (
              <>
                <button type="button" className="link" onClick={() => go({ screen: step.screen, id: null })}>
                  {step.label}
                </button>{' '}
                <span className="muted small">{step.hint}</span>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
