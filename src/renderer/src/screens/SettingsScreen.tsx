import { useState } from 'react'
import { ErrorNote, ScreenHeader } from '../components/common'
import { StoragePanel } from '../components/StoragePanel'
import { todaySpendSaid } from '../../../shared/ai-spend'
import { useServices } from '../services/context'
import { useDashboard } from '../stores/dashboard'
import { useHealthStore } from '../stores/health'
import { useSettings } from '../stores/settings'
import { AlertSettings } from './AlertSettings'
import { BackupSettings } from './BackupSettings'
import { ConsoleAccess } from './ConsoleAccess'
import { SettingsGroup } from './SettingsGroup'
import { TunnelFinder } from './TunnelFinder'
import { WebhookSecretPanel } from './WebhookSecretPanel'

type Check = { ok: boolean; message: string } | null

function CheckResult({ result, testId }: { result: Check; testId: string }) {
  if (!result) return null
  return (
    <p className={result.ok ? 'notice' : 'error'} role="status" data-testid={testId}>
      {result.message}
    </p>
  )
}

export function SettingsScreen() {
  const services = useServices()
  const { view, error } = useSettings()
  const logFile = useHealthStore((s) => s.report?.logFile ?? null)
  const aiUsage = useDashboard((s) => s.approvalStats?.ai_usage ?? null)
  const tunnelWatch = useHealthStore((s) => s.report?.checks.tunnel ?? null)
  const [n8nCheck, setN8nCheck] = useState<Check>(null)
  const [tunnelCheck, setTunnelCheck] = useState<Check>(null)

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
        <SettingsGroup title="Tunnel" keys={['FLOWGATE_PUBLIC_URL', 'FLOWGATE_TUNNEL_AGENTS']} placeholders={{ FLOWGATE_TUNNEL_AGENTS: 'ngrok on 127.0.0.1:4040–4042, cloudflared on :20241–20245' }} testId="settings-tunnel">
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
          <TunnelFinder />
        </SettingsGroup>
        <WebhookSecretPanel />
        <SettingsGroup
          title="Approvals and AI"
          keys={['AUTO_APPROVAL_ENABLED', 'AUTO_APPROVAL_SHADOW_MODE', 'AUTO_APPROVAL_MAX_DAILY_LIMIT', 'AUTO_APPROVAL_DAILY_BUDGET', 'WORKFLOW_APPROVAL_TIMEOUT_HOURS', 'APPROVAL_UNDO_SECONDS', 'OPENROUTER_API_KEY', 'OPENROUTER_MODEL', 'OPENROUTER_BASE_URL']}
          placeholders={{ AUTO_APPROVAL_DAILY_BUDGET: 'no cap (e.g. 1.00)' }}
          testId="settings-approvals"
        >
          {aiUsage && (
            <p className="muted small" data-testid="settings-ai-spend">
              The model today: {todaySpendSaid(aiUsage)}. Costs are OpenRouter's, as each answer says them.
            </p>
          )}
        </SettingsGroup>
        <SettingsGroup
          title="Auto-approval rules"
          keys={['AUTO_APPROVAL_CONFIDENCE_THRESHOLD', 'AUTO_APPROVAL_BLOCKED_WORDS', 'AUTO_APPROVAL_BLOCKED_DOMAINS', 'AUTO_APPROVAL_RULES']}
          placeholders={{ AUTO_APPROVAL_BLOCKED_WORDS: 'e.g. refund, contract, legal team', AUTO_APPROVAL_BLOCKED_DOMAINS: 'e.g. competitor.io, press.example.com' }}
          testId="settings-auto-rules"
          wide
        >
          <p className="muted small">
            The model is asked only when no rule leaves a request to you, and its yes counts only when the lead score and email also pass. A request whose data has no
            lead_score is always yours.
          </p>
        </SettingsGroup>
        <SettingsGroup
          title="Limits and retries"
          keys={['WORKFLOW_MAX_RETRIES', 'WORKFLOW_RETRY_DELAY_SECONDS', 'WORKFLOW_EXECUTION_TIMEOUT_SECONDS', 'EMAIL_SEND_MAX_PER_LEAD_PER_WEEK', 'EMAIL_SEND_MIN_HOURS_APART']}
          testId="settings-limits"
        />
        <AlertSettings />
        <SettingsGroup
          title="Retention and logs"
          keys={['MONITORING_RETENTION_DAYS', 'WEBHOOK_RETENTION_DAYS', 'CALL_RETENTION_DAYS', 'EXECUTION_RETENTION_DAYS', 'DEBUG', 'FLOWGATE_LOG_LEVEL']}
          placeholders={{ EXECUTION_RETENTION_DAYS: 'all kept' }}
          testId="settings-logs"
        >
          <p className="muted small" data-testid="log-path">
            Log file: <code>{logFile ?? '—'}</code>
          </p>
          <StoragePanel />
        </SettingsGroup>
        <ConsoleAccess />
        <BackupSettings />
      </div>
    </section>
  )
}
