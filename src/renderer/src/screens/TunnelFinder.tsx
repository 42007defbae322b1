import type { DetectedTunnel } from '../../../shared/schemas/n8n'
import { ErrorNote } from '../components/common'
import { useServices } from '../services/context'
import { useRequest } from '../services/use-request'
import { entryOf, useSettings } from '../stores/settings'

/** "127.0.0.1:4040, 4041 and 20241": the agent addresses looked at, short. */
function lookedAt(urls: string[]): string {
  const hosts = urls.map((url) => new URL(url).host)
  return hosts.length > 1 ? `${hosts.slice(0, -1).join(', ')} and ${hosts.at(-1)}` : (hosts[0] ?? 'nowhere')
}

/** Why a tunnel does not lead here, without repeating its address shown beside it. */
const whyNot = (tunnel: DetectedTunnel) =>
  tunnel.message.startsWith(tunnel.public_url) ? tunnel.message.slice(tunnel.public_url.length).replace(/^:\s*/, '').trim() : tunnel.message

function FoundTunnel({ tunnel, canUse, onUse }: { tunnel: DetectedTunnel; canUse: boolean; onUse: () => void }) {
  return (
    <li>
      <strong>{tunnel.agent}</strong> <code>{tunnel.public_url}</code>
      {tunnel.forwards_to && <span className="muted small"> → {tunnel.forwards_to}</span>}{' '}
      <span className={tunnel.reaches_flowgate ? 'notice small' : 'warning small'}>{tunnel.reaches_flowgate ? 'leads to this Flowgate' : whyNot(tunnel)}</span>{' '}
      {tunnel.in_use ? (
        <span className="muted small">in use</span>
      ) : (
        <button type="button" disabled={!canUse || !tunnel.reaches_flowgate} onClick={onUse}>
          Use this address
        </button>
      )}
    </li>
  )
}

/**
 * Finds the ngrok or cloudflared tunnel running on this computer and tries each through
 * Flowgate's test route, so the tunnel URL is picked, not copied by hand, even when a quick
 * tunnel came back under a new address.
 */
export function TunnelFinder() {
  const services = useServices()
  const editable = useSettings((s) => entryOf(s.view, 'FLOWGATE_PUBLIC_URL')?.editable !== false)
  const { answer: found, problem: error, busy: looking, run: look } = useRequest(() => services.call('system.detectTunnels'))
  const use = async (url: string) => {
    if (await useSettings.getState().save(services, { FLOWGATE_PUBLIC_URL: url })) await look()
  }
  const target = found?.forward_to ?? 'http://127.0.0.1:8787'

  return (
    <div className="tunnel-finder" data-testid="tunnel-finder">
      <button type="button" disabled={looking} onClick={() => void look()}>
        {looking ? 'Looking for tunnels…' : 'Find running tunnels'}
      </button>
      <ErrorNote error={error} />
      {found && found.tunnels.length === 0 && (
        <p className="muted small" role="status">
          No ngrok or cloudflared quick tunnel answers on this computer (looked at {lookedAt(found.looked_at)}). Start one that forwards to {target}, e.g.{' '}
          <code>cloudflared tunnel --url {target}</code> or <code>ngrok http {target}</code>, then look again.
        </p>
      )}
      {found && found.tunnels.length > 0 && (
        <ul className="found-tunnels" aria-label="Running tunnels">
          {found.tunnels.map((tunnel) => (
            <FoundTunnel key={tunnel.public_url} tunnel={tunnel} canUse={editable} onUse={() => void use(tunnel.public_url)} />
          ))}
        </ul>
      )}
      {found && !editable && <p className="muted small">The tunnel URL is set by the environment (FLOWGATE_PUBLIC_URL): change it there.</p>}
    </div>
  )
}
