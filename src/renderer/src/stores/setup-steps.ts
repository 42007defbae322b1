import type { SettingsView } from '../../../shared/schemas/settings'
import type { Screen } from './navigation'
import { hasSettingValue as hasValue, n8nApiReady } from './settings'

export interface SetupStep {
  id: 'secret' | 'tunnel' | 'n8n' | 'workflow' | 'webhook'
  label: string
  /** What to do, shown while the step is open. */
  hint: string
  done: boolean
  screen: Screen
}

export interface SetupFacts {
  settings: SettingsView | null
  /** Registered workflows, active or not. */
  workflows: number | null
  /** Webhooks ever received (the queue keeps them until deleted). */
  webhooks: number | null
}

/** The way from a fresh install to n8n talking to Flowgate; null until every fact has loaded. */
export function setupSteps({ settings, workflows, webhooks }: SetupFacts): SetupStep[] | null {
  if (!settings || workflows === null || webhooks === null) return null
  return [
    { id: 'secret', label: 'Set the webhook secret', hint: 'n8n authenticates with it; Flowgate refuses webhooks until one is set.', done: hasValue(settings, 'N8N_WEBHOOK_SECRET'), screen: 'settings' },
    { id: 'tunnel', label: 'Set your tunnel URL', hint: 'The public address n8n reaches Flowgate at.', done: hasValue(settings, 'FLOWGATE_PUBLIC_URL'), screen: 'settings' },
    { id: 'n8n', label: 'Connect the n8n API', hint: 'Its URL and API key let Flowgate see and stop executions.', done: n8nApiReady(settings), screen: 'settings' },
    { id: 'workflow', label: 'Register a workflow', hint: 'One for each n8n workflow to start, gate or watch; then install its template into n8n from its page.', done: workflows > 0, screen: 'workflows' },
    { id: 'webhook', label: 'Receive a first webhook from n8n', hint: "Run the workflow in n8n, or use Settings' self-test through the tunnel.", done: webhooks > 0, screen: 'queue' },
  ]
}
