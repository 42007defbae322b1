import { useState } from 'react'
import type { AlertTestResult } from '../../../shared/schemas/settings'
import { useServices } from '../services/context'
import { SettingsGroup } from './SettingsGroup'

/** Where alerts go when the operator is away from this computer, with a test that sends one. */
export function AlertSettings() {
  const services = useServices()
  const [check, setCheck] = useState<AlertTestResult | null>(null)
  const [sending, setSending] = useState(false)
  const sendTest = async () => {
    setSending(true)
    setCheck(await services.call('system.testAlert').catch((error: Error) => ({ ok: false, message: error.message })))
    setSending(false)
  }
  return (
    <SettingsGroup
      title="Alerts on your phone or in chat"
      keys={['FLOWGATE_ALERT_URL', 'FLOWGATE_ALERT_FORMAT', 'FLOWGATE_ALERT_DAILY_SUMMARY_HOUR']}
      placeholders={{ FLOWGATE_ALERT_URL: 'e.g. https://ntfy.sh/your-secret-topic', FLOWGATE_ALERT_DAILY_SUMMARY_HOUR: 'none (e.g. 8)' }}
      testId="settings-alerts"
    >
      <p className="muted small">
        Failures, workflows that keep failing, went quiet or run slower than usual, a tunnel gone, a failed backup, today&apos;s AI budget spent, high-priority
        approvals and approvals about to expire undecided: a burst goes as one message, at most one a minute. The address is kept as a secret.
      </p>
      <button type="button" onClick={() => void sendTest()} disabled={sending}>
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
