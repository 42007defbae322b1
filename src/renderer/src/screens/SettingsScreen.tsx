import { useState } from 'react'
import { plural } from '../../../shared/text'
import { Confirmation, ErrorNote, ScreenHeader } from '../components/common'
import { useServices } from '../services/context'
import { useHealthStore } from '../stores/health'
import { entryOf, useSettings } from '../stores/settings'
import { useWorkflowNames } from '../stores/workflow-names'
import { BackupSettings } from './BackupSettings'
import { ConsoleAccess } from './ConsoleAccess'
import { SettingsGroup } from './SettingsGroup'

type Check = { ok: boolean; message: string } | null

function CheckResult({ result, testId }: { result: Check; testId: string }) {
  if (!result) return null
  return (
    <p className={result.ok ? 'notice' : 'error'} role="status" data-testid={testId}>
      {result.message}
    </p>
  )
}

const randomSecret = () => Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('')

export function SettingsScreen() {
  const services = useServices()
  const { view, error, save } = useSettings()
  const logFile = useHealthStore((s) => s.report?.logFile ?? null)
  const tunnelWatch = useHealthStore((s) => s.report?.checks.tunnel ?? null)
  const [n8nCheck, setN8nCheck] = useState<Check>(null)
  const [tunnelCheck, setTunnelCheck] = useState<Check>(null)
  const [newSecret, setNewSecret] = useState<string | null>(null)
  const secret = entryOf(view, 'N8N_WEBHOOK_SECRET')

  const [confirmRotate, setConfirmRotate] = useState(false)
  const linkedToN8n = useWorkflowNames((s) => s.n8nIds.size)
  const rotate = async () => {
    setConfirmRotate(false)
    const value = randomSecret()
    if (await save(services, { N8N_WEBHOOK_SECRET: value })) setNewSecret(value)
  }

  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <ScreenHeader title="Settings" />
      <ErrorNote error={error} />
      {view?.secretStorage === 'plaintext' && (
        <p className="warning" role="alert" data-testid="plaintext-warning">
          Secrets are stored without OS encryption on this machine (no keychain available). Protect the data folder.
        </p>
      )}
      <div className="settings-grid">
        <SettingsGroup title="n8n connection" keys={['N8N_API_URL', 'N8N_API_KEY', 'N8N_CALLS_PAUSED']} testId="settings-n8n">
          <button type="button" onClick={() => void services.call('n8n.testConnection').then(setN8nCheck, (e: Error) => setN8nCheck({ ok: false, message: e.message }))}>
            Test connection
          </button>
          <CheckResult result={n8nCheck} testId="n8n-check" />
        </SettingsGroup>
        <SettingsGroup title="Tunnel" keys={['FLOWGATE_PUBLIC_URL']} testId="settings-tunnel">
          <p className="muted small">Webhooks go to {view?.webhookBaseUrl ?? '…'}/api/v1/webhooks/n8n/…</p>
          {tunnelWatch && tunnelWatch.status !== 'off' && (
            // The once-a-minute check, so a tunnel that died shows here without a click.
            <p className={tunnelWatch.status === 'ok' ? 'muted small' : 'warning'} data-testid="tunnel-watch">
              Checked every minute: {tunnelWatch.detail}
            </p>
          )}
          <button type="button" onClick={() => void services.call('system.testTunnel').then(setTunnelCheck, (e: Error) => setTunnelCheck({ ok: false, message: e.message }))}>
            Self-test through the tunnel
          </button>
          <CheckResult result={tunnelCheck} testId="tunnel-check" />
        </SettingsGroup>
        <div className="panel settings-group" data-testid="settings-secret">
          <h3>Webhook secret</h3>
          <p>{secret?.isSet ? 'A secret is set. n8n must send it (Header Auth) or sign with it (HMAC).' : 'No secret: the public listener refuses every webhook until one is set.'}</p>
          {secret?.editable === false ? (
            <p className="muted">Set by the environment (N8N_WEBHOOK_SECRET).</p>
          ) : (
            <button type="button" onClick={() => (secret?.isSet ? setConfirmRotate(true) : void rotate())} disabled={confirmRotate}>
              {secret?.isSet ? 'Rotate secret' : 'Generate secret'}
            </button>
          )}
          {confirmRotate && (
            // The old secret stops working at once, in both directions: say so before it happens.
            <Confirmation testId="rotate-confirm" confirm="Rotate now" keep="Keep the current secret" onConfirm={() => void rotate()} onKeep={() => setConfirmRotate(false)}>
              n8n's calls with the current secret are refused from the moment it changes. Flowgate updates the credentials it made in n8n (Install in n8n) at
              once; any Header Auth credential made by hand needs the new secret
              {linkedToN8n ? ` (${plural(linkedToN8n, 'workflow')} here ${linkedToN8n === 1 ? 'is' : 'are'} linked to n8n)` : ''}.
            </Confirmation>
          )}
          {newSecret && (
            <p data-testid="new-secret">
              New secret (shown once; put it in n8n's Header Auth credential now): <code className="secret-value">{newSecret}</code>{' '}
              <button type="button" onClick={() => void navigator.clipboard?.writeText(newSecret)}>
                Copy
              </button>
            </p>
          )}
        </div>
        <SettingsGroup
          title="Approvals and AI"
          keys={['AUTO_APPROVAL_ENABLED', 'AUTO_APPROVAL_SHADOW_MODE', 'AUTO_APPROVAL_CONFIDENCE_THRESHOLD', 'AUTO_APPROVAL_MAX_DAILY_LIMIT', 'WORKFLOW_APPROVAL_TIMEOUT_HOURS', 'APPROVAL_UNDO_SECONDS', 'OPENROUTER_API_KEY', 'OPENROUTER_MODEL', 'OPENROUTER_BASE_URL', 'AUTO_APPROVAL_RULES']}
          testId="settings-approvals"
        />
        <SettingsGroup
          title="Limits and retries"
          keys={['WORKFLOW_MAX_RETRIES', 'WORKFLOW_RETRY_DELAY_SECONDS', 'WORKFLOW_EXECUTION_TIMEOUT_SECONDS', 'EMAIL_SEND_MAX_PER_LEAD_PER_WEEK', 'EMAIL_SEND_MIN_HOURS_APART']}
          testId="settings-limits"
        />
        <SettingsGroup title="Retention and logs" keys={['MONITORING_RETENTION_DAYS', 'WEBHOOK_RETENTION_DAYS', 'DEBUG', 'FLOWGATE_LOG_LEVEL']} testId="settings-logs">
          <p className="muted small" data-testid="log-path">
            Log file: <code>{logFile ?? '—'}</code>
          </p>
        </SettingsGroup>
        <ConsoleAccess />
        <BackupSettings />
      </div>
    </section>
  )
}
