import { useEffect, useState } from 'react'
import { StatusBadge } from './components/StatusBadge'
import { DashboardScreen } from './screens/DashboardScreen'
import { ApprovalsScreen } from './screens/ApprovalsScreen'
import { ExecutionsScreen } from './screens/ExecutionsScreen'
import { WorkflowsScreen } from './screens/WorkflowsScreen'
import { QueueScreen } from './screens/QueueScreen'
import { MonitoringScreen } from './screens/MonitoringScreen'
import { SettingsScreen } from './screens/SettingsScreen'
import { useServices } from './services/context'
import { followPushes, loadAll } from './services/live'
import { useDashboard } from './stores/dashboard'
import { useHealthStore } from './stores/health'
import { parseRoute, screens, screenTitles, useNavigation, type Screen } from './stores/navigation'
import { useQueueStatus } from './stores/queue'
import { followLink, keepListAddresses } from './stores/list-links'
import { NOT_SIGNED_IN } from './services/transport'
import { SignIn } from './components/SignIn'
import { PausedBanner } from './components/PausedBanner'
import { ShortcutsHelp } from './components/ShortcutsHelp'
import { FindAnything } from './components/FindAnything'
import { globalKeyCommand } from './stores/global-keys'
import { keyPressOf } from './stores/screen-keys'
import { findAnythingHash } from '../../shared/channels'

const HEALTH_POLL_MS = 10_000

const views: Record<Screen, () => React.JSX.Element> = {
  dashboard: DashboardScreen,
  approvals: ApprovalsScreen,
  executions: ExecutionsScreen,
  workflows: WorkflowsScreen,
  queue: QueueScreen,
  monitoring: MonitoringScreen,
  settings: SettingsScreen,
}

export function App() {
  const services = useServices()
  const { screen, go } = useNavigation()
  const pending = useDashboard((s) => s.dashboard?.pending_approvals ?? 0)
  const failed = useQueueStatus((s) => s.status?.failed ?? 0)
  const signedOut = useHealthStore((s) => s.error === NOT_SIGNED_IN)
  const [helpOpen, setHelpOpen] = useState(false)
  const [findOpen, setFindOpen] = useState(false)

  // Captured before the screens' own keys, so the letter after g goes to no screen.
  useEffect(() => {
    let afterG = false
    const onKey = (event: KeyboardEvent) => {
      // Behind an open dialog nothing answers keys (Escape still closes it); a dialog that answers its own keys stops them itself.
      const dialog = (event.target as Element | null)?.closest?.('dialog[open]')
      if (dialog) return dialog.hasAttribute('data-keys-inside') ? undefined : event.stopPropagation()
      const answer = globalKeyCommand(keyPressOf(event), afterG)
      const consumed = afterG || answer.afterG || answer.command !== null
      afterG = answer.afterG
      if (answer.command?.kind === 'help') setHelpOpen(true)
      if (answer.command?.kind === 'find') setFindOpen(true)
      // Every list screen has one search field; a screen without one leaves the key alone.
      if (answer.command?.kind === 'search') document.querySelector<HTMLInputElement>('main input[type="search"]')?.focus()
      if (answer.command?.kind === 'go') useNavigation.getState().go({ screen: answer.command.screen, id: null })
      if (consumed) {
        event.preventDefault()
        event.stopPropagation()
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  useEffect(() => {
    void loadAll(services)
    const stopFollowing = followPushes(services)
    const stopNavigating = services.onNavigate((hash) => (hash === findAnythingHash ? setFindOpen(true) : void followLink(services, hash)))
    const timer = setInterval(() => void useHealthStore.getState().refresh(services), HEALTH_POLL_MS)
    // A list's address (typed, bookmarked, or opened from the tray) shows that list filtered.
    const onHash = () => void followLink(services, location.hash)
    if (parseRoute(location.hash).query) onHash()
    window.addEventListener('hashchange', onHash)
    const stopAddressing = keepListAddresses()
    return () => {
      stopAddressing()
      stopFollowing()
      stopNavigating()
      clearInterval(timer)
      window.removeEventListener('hashchange', onHash)
    }
  }, [services])

  const View = views[screen]
  return (
    <div className="shell">
      <header className="topbar">
        <h1 className="brand">Flowgate</h1>
        <StatusBadge />
      </header>
      {signedOut ? (
        <SignIn />
      ) : (
      <div className="body">
        <nav className="sidebar" aria-label="Screens">
          {screens.map((s) => (
            <button type="button" key={s} className={`nav-item ${s === screen ? 'active' : ''}`} aria-current={s === screen ? 'page' : undefined} onClick={() => go({ screen: s, id: null })}>
              {screenTitles[s]}
              {s === 'approvals' && pending > 0 && (
                <span className="count" data-testid="nav-pending">
                  {pending}
                </span>
              )}
              {s === 'queue' && failed > 0 && <span className="count warn">{failed}</span>}
            </button>
          ))}
        </nav>
        <main className="content">
          <PausedBanner />
          <View />
        </main>
        {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
        {findOpen && <FindAnything onClose={() => setFindOpen(false)} onShortcuts={() => setHelpOpen(true)} />}
      </div>
      )}
    </div>
  )
}
