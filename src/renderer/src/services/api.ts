import type { FlowgateBridge, PushMessage } from '../../../shared/contract'
import type { HealthReport } from '../../../shared/schemas/health'
import type { SettingsView } from '../../../shared/schemas/settings'
import { pickBridge } from './transport'

/** What the screens may ask of the core; components never touch the transport directly. */
export interface Services {
  getHealth(): Promise<HealthReport>
  getSettings(): Promise<SettingsView>
  onPush(listener: (message: PushMessage) => void): () => void
}

export function createServices(bridge: FlowgateBridge = pickBridge()): Services {
  return {
    getHealth: () => bridge.invoke('health.get'),
    getSettings: () => bridge.invoke('settings.get'),
    onPush: (listener) => bridge.onPush(listener),
  }
}
