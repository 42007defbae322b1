import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { ContractApi } from '../../shared/contract'
import { ipcInvokeChannel, methodNames } from '../../shared/channels'
import type { CallEnvelope } from '../../shared/errors'
import type { Logger } from '../core/logger'
import { invokeMethod } from '../core/rpc'

export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>

/**
 * One handler per contract method, all through the same wrapper: sender check, schema
 * parse (inside invokeMethod), and an envelope back, because Electron drops error fields.
 */
export function registerContractHandlers(
  ipc: IpcRegistrar,
  api: ContractApi,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  log: Logger,
): () => void {
  for (const method of methodNames) {
    ipc.handle(ipcInvokeChannel(method), async (event, input: unknown): Promise<CallEnvelope<unknown>> => {
      if (!isTrustedSender(event)) {
        log.warn({ method, url: event.senderFrame?.url }, 'call from an untrusted frame refused')
        return { error: { code: 'forbidden', message: 'Calls are accepted from the Flowgate window only' } }
      }
      return invokeMethod(api, method, input, log)
    })
  }
  return () => methodNames.forEach((method) => ipc.removeHandler(ipcInvokeChannel(method)))
}
