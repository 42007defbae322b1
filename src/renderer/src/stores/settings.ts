import { create } from 'zustand'
import type { SettingEntry, SettingsView, SettingValue } from '../../../shared/schemas/settings'
import type { Services } from '../services/api'

export interface SettingsState {
  view: SettingsView | null
  error: string | null
  saving: boolean
  /** The last save's outcome, by the group of keys it saved. */
  saved: { keys: string[]; at: number } | null
  load(services: Services): Promise<void>
  save(services: Services, values: Record<string, SettingValue>): Promise<boolean>
}

export const useSettings = create<SettingsState>()((set) => ({
  view: null,
  error: null,
  saving: false,
  saved: null,
  async load(services) {
    try {
      set({ view: await services.call('settings.get'), error: null })
    } catch (error) {
      set({ error: (error as Error).message })
    }
  },
  async save(services, values) {
    set({ saving: true })
    try {
      const view = await services.call('settings.update', { values })
      set({ view, saving: false, error: null, saved: { keys: Object.keys(values), at: Date.now() } })
      return true
    } catch (error) {
      set({ saving: false, error: (error as Error).message })
      return false
    }
  },
}))

export const entryOf = (view: SettingsView | null, key: string): SettingEntry | undefined => view?.entries.find((entry) => entry.key === key)

/** Whether a setting has a value: a secret by being set, anything else by being filled in. */
export function hasSettingValue(view: SettingsView | null, key: string): boolean {
  const entry = entryOf(view, key)
  return Boolean(entry && (entry.secret ? entry.isSet : entry.value !== null && entry.value !== ''))
}

/** Flowgate can call n8n's API: both its URL and key are set. */
export const n8nApiReady = (view: SettingsView | null): boolean => hasSettingValue(view, 'N8N_API_URL') && hasSettingValue(view, 'N8N_API_KEY')
