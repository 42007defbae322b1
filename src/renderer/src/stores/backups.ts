import { create } from 'zustand'
import type { BackupFile, BackupStatus } from '../../../shared/schemas/monitoring'
import type { Services } from '../services/api'

export interface BackupsState {
  status: BackupStatus | null
  error: string | null
  /** The outcome of the last backup asked for here. */
  made: { ok: true; file: BackupFile | { path: string; bytes: number } } | { ok: false; message: string } | null
  load(services: Services): Promise<void>
  /** Into the backup folder, or to `path` when given. */
  backUp(services: Services, path?: string): Promise<void>
}

export const useBackups = create<BackupsState>()((set, get) => ({
  status: null,
  error: null,
  made: null,
  async load(services) {
    try {
      set({ status: await services.call('system.backups'), error: null })
    } catch (error) {
      set({ error: (error as Error).message })
    }
  },
  async backUp(services, path) {
    set({ made: null })
    try {
      const file = await services.call('system.backup', path ? { path } : undefined)
      set({ made: { ok: true, file } })
    } catch (error) {
      set({ made: { ok: false, message: (error as Error).message } })
    }
    await get().load(services)
  },
}))
