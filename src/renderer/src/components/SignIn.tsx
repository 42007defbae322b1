import { useState } from 'react'
import { NOT_SIGNED_IN } from '../services/transport'

/** The web console without its cookie: the token once, then the browser remembers. */
export function SignIn() {
  const [token, setToken] = useState('')
  const failed = new URLSearchParams(location.search).get('signin') === 'failed'
  return (
    <main className="content sign-in">
      <form className="panel" method="get" action="/login" aria-label="Sign in">
        <h2>Sign in to Flowgate</h2>
        <p className="error" role="alert">
          {failed ? 'That token is not valid. Use the one `serve` printed at first start (or FLOWGATE_ADMIN_TOKEN).' : NOT_SIGNED_IN}
        </p>
        <label className="field">
          <span>Admin token</span>
          <input name="token" type="password" autoComplete="current-password" aria-label="Admin token" value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={token.length === 0}>
          Sign in
        </button>
      </form>
    </main>
  )
}
