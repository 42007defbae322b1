import { useState } from 'react'
import { Confirmation } from '../components/common'
import { useServices } from '../services/context'
import { useSettings } from '../stores/settings'

/** How to open the console in a browser, and replacing its token when it may have leaked. */
export function ConsoleAccess() {
  const services = useServices()
  const { view, load } = useSettings()
  const [showToken, setShowToken] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const rotate = async () => {
    setConfirming(false)
    try {
      const access = await services.call('system.rotateAdminToken')
      // In a browser this page held the old token: sign in again with the new one, on the same screen.
      if (!window.flowgate) return location.assign(`/login?token=${encodeURIComponent(access.token)}${location.hash}`)
      await load(services)
      setShowToken(true)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <div className="panel settings-group" data-testid="settings-access">
      <h3>Console in a browser</h3>
      <p>
        Address: <code>{view?.adminAccess.url ?? '—'}</code>
      </p>
      <p>
        Token: <code data-testid="admin-token">{showToken ? view?.adminAccess.token : '••••••••••••'}</code>{' '}
        <button type="button" onClick={() => setShowToken(!showToken)}>
          {showToken ? 'Hide' : 'Show'}
        </button>
      </p>
      <p className="muted small">Open {view?.adminAccess.url ?? 'the address'}/login?token=… once; the browser then keeps a cookie.</p>
      <button type="button" disabled={confirming} onClick={() => setConfirming(true)}>
        Replace the token…
      </button>
      {confirming && (
        <Confirmation testId="rotate-token-confirm" confirm="Replace it now" keep="Keep the current token" onConfirm={() => void rotate()} onKeep={() => setConfirming(false)}>
          Every browser signed in with the current token is signed out, and scripts using it are refused. This window stays signed in.
        </Confirmation>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
