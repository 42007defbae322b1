import type { FlowgateBridge, MethodInput, MethodName, MethodOutput, PushMessage } from '../../../shared/contract'
import { pickBridge } from './transport'

/** What the screens may ask of the core; components never touch the transport directly. */
export interface Services {
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>
  onPush(listener: (message: PushMessage) => void, connected?: () => void): () => void
  onNavigate(listener: (hash: string) => void): () => void
}

export function createServices(bridge: FlowgateBridge = pickBridge()): Services {
  return {
    call: (method, input) => bridge.invoke(method, input),
    onPush: (listener, connected) => bridge.onPush(listener, connected),
    onNavigate: (listener) => bridge.onNavigate?.(listener) ?? (() => undefined),
  }
}
