import { useEffect } from 'react'
import { HealthPanel } from './components/HealthPanel'
import { StatusBadge } from './components/StatusBadge'
import { useServices } from './services/context'
import { useHealthStore } from './stores/health'

const HEALTH_POLL_MS = 10_000

export function App() {
  const services = useServices()
  const refresh = useHealthStore((s) => s.refresh)

  useEffect(() => {
    void refresh(services)
    const timer = setInterval(() => void refresh(services), HEALTH_POLL_MS)
    const unsubscribe = services.onPush((message) => {
      if (message.name === 'health.changed') void refresh(services)
    })
    return () => {
      clearInterval(timer)
      unsubscribe()
    }
  }, [services, refresh])

  return (
    <div className="shell">
      <header className="topbar">
        <h1 className="brand">Flowgate</h1>
        <StatusBadge />
      </header>
      <main className="content">
        <HealthPanel />
      </main>
    </div>
  )
}
