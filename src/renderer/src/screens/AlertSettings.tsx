import { useServices } from '../services/context'
import { useAlertTest } from '../stores/alert-test'
import { SettingsGroup } from './SettingsGroup'

/** Where alerts go when the operator is away from this computer, with a test that sends one. */
export function AlertSettings() {
  const services = useServices()
  const { sending, result: check, send } = useAlertTest()
  return (
    <SettingsGroup
      title="Alerts on your phone or in chat"
      keys={['FLOWGATE_ALERT_URL', 'FLOWGATE_ALERT_FORMAT', 'FLOWGATE_ALERT_DAILY_SUMMARY_HOUR', 'FLOWGATE_ALERT_QUIET_HOURS', 'FLOWGATE_ALERT_APPROVALS']}
      placeholders={{ FLOWGATE_ALERT_URL: 'e.g. https://ntfy.sh/your-secret-topic', FLOWGATE_ALERT_DAILY_SUMMARY_HOUR: 'none (e.g. 8)', FLOWGATE_ALERT_QUIET_HOURS: 'none (e.g. 22:00-07:00)' }}
      testId="settings-alerts"
    >
      <p className="muted small">
        Failures, workflows that keep failing, went quiet or run slower than usual, a tunnel gone, a failed backup, Flowgate itself unwell (a full disk, say), today&apos;s AI budget spent, high-priority
        approvals and approvals about to expire undecided: a burst goes as one message, at most one a minute. The address is kept as a secret.
      </p>
      <button type="button" onClick={() => void send(services)} disabled={sending}>
        {sending ? 'Sending…' : 'Send a test alert'}
      </button>
      {check && (
        <p className={check.ok ? 'notice' : 'error'} role="status" data-testid="alert-check">
          {check.message}
        </p>
      )}
    </SettingsGroup>
  )
}
