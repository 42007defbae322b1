import fs from 'node:fs'
import path from 'node:path'
import { defaultPreferences, type DesktopPreferences } from './tray-model'

/** Small JSON files of the desktop shell beside the database; a damaged one means defaults. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
  } catch {
    return null
  }
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const temporary = `${file}.tmp`
  fs.writeFileSync(temporary, JSON.stringify(value, null, 2))
  fs.renameSync(temporary, file)
}

export function desktopFiles(dataDir: string) {
  const preferencesFile = path.join(dataDir, 'desktop-preferences.json')
  const windowFile = path.join(dataDir, 'window-state.json')
  const muteFile = path.join(dataDir, 'desktop-notices-muted.json')
  return {
    readPreferences(): DesktopPreferences {
      const saved = readJson(preferencesFile) as Partial<Record<keyof DesktopPreferences, unknown>> | null
      const pick = (key: keyof DesktopPreferences) => (typeof saved?.[key] === 'boolean' ? (saved[key] as boolean) : defaultPreferences[key])
      return { closeToTray: pick('closeToTray'), startMinimized: pick('startMinimized'), launchAtLogin: pick('launchAtLogin'), notifyFailedExecutions: pick('notifyFailedExecutions') }
    },
    writePreferences: (preferences: DesktopPreferences) => writeJson(preferencesFile, preferences),
    /** When the muted notices come back on; null when they are on. */
    readNoticesMutedUntil(): number | null {
      const until = (readJson(muteFile) as { until?: unknown } | null)?.until
      return typeof until === 'number' && Number.isFinite(until) ? until : null
    },
    writeNoticesMutedUntil: (until: number | null) => writeJson(muteFile, { until }),
    readWindowState: () => readJson(windowFile),
    writeWindowState: (state: unknown) => writeJson(windowFile, state),
  }
}
