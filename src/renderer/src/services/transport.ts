import { pushEventNames } from '../../../shared/channels'
import type { FlowgateBridge, PushMessage } from '../../../shared/contract'
import { unwrapEnvelope, type CallEnvelope } from '../../../shared/errors'

declare global {
  interface Window {
    flowgate?: FlowgateBridge
  }
}

export const NOT_SIGNED_IN = 'Not signed in: open the console link that `serve` printed, or enter the token'

/** The web console's transport: calls over HTTP, pushes over server-sent events. */
export function httpBridge(base = ''): FlowgateBridge {
  return {
    async invoke(method, input) {
      const response = await fetch(`${base}/api/v1/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      })
      if (response.status === 401) throw new Error(NOT_SIGNED_IN)
      return unwrapEnvelope((await response.json()) as CallEnvelope<never>)
    },
    onPush(listener, connected) {
      const source = new EventSource(`${base}/api/v1/events`)
      // Also after each reconnect (a restarted serve, a sleeping laptop): what happened meanwhile was not pushed.
      source.addEventListener('open', () => connected?.())
      for (const name of pushEventNames) {
        source.addEventListener(name, (event) => {
          listener({ name, payload: JSON.parse((event as MessageEvent<string>).data) } as PushMessage)
        })
      }
      return () => source.close()
    },
  }
}

/** IPC inside the desktop app (the preload's window.flowgate), HTTP everywhere else. */
export function pickBridge(): FlowgateBridge {
  return window.flowgate ?? httpBridge()
}
