import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { ipcInvokeChannel, ipcNavigateChannel, ipcPushChannel, isMethodName } from '../shared/channels'
import type { FlowgateBridge, PushMessage } from '../shared/contract'
import { unwrapEnvelope, type CallEnvelope } from '../shared/errors'

/** The typed contract as window.flowgate; errors are rebuilt here from the envelope. */
export const bridge: FlowgateBridge = {
  async invoke(method, input) {
    if (!isMethodName(method)) throw new Error(`Unknown method ${String(method)}`)
    const envelope = (await ipcRenderer.invoke(ipcInvokeChannel(method), input)) as CallEnvelope<never>
    return unwrapEnvelope(envelope)
  },
  onPush(listener) {
    const forward = (_event: IpcRendererEvent, message: PushMessage) => listener(message)
    ipcRenderer.on(ipcPushChannel, forward)
    return () => {
      ipcRenderer.off(ipcPushChannel, forward)
    }
  },
  onNavigate(listener) {
    const forward = (_event: IpcRendererEvent, hash: unknown) => {
      if (typeof hash === 'string' && /^#\/[a-z]+(\/\d+)?$/.test(hash)) listener(hash)
    }
    ipcRenderer.on(ipcNavigateChannel, forward)
    return () => {
      ipcRenderer.off(ipcNavigateChannel, forward)
    }
  },
}

contextBridge.exposeInMainWorld('flowgate', bridge)
