import { create } from 'zustand'
import type { AlertTestResult } from '../../../shared/schemas/settings'
import type { Services } from '../services/api'

interface AlertTestState {
  sending: boolean
  /** What the last test alert came to (null: none sent since the console opened). */
  result: AlertTestResult | null
  /** Sends a test alert where alerts go; from Settings or from Find anything, shown in Settings. */
  send(services: Services): Promise<void>
}

export const useAlertTest = create<AlertTestState>()((set) => ({
  sending: false,
  result: null,
  async send(services) {
    set({ sending: true, result: null })
    const result = await services.call('system.testAlert').catch((error: Error): AlertTestResult => ({ ok: false, message: error.message }))
    set({ sending: false, result })
  },
}))
