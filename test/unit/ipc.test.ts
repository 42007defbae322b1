import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it } from 'vitest'
import { registerContractHandlers, type IpcRegistrar } from '../../src/main/desktop/ipc'
import { isTrustedRendererUrl } from '../../src/main/desktop/sender'
import { silentLogger } from '../../src/main/core/logger'
import { ipcInvokeChannel, methodNames } from '../../src/shared/channels'
import { cannedApi, sampleHealth } from '../helpers/api'

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>

function fakeIpc() {
  const handlers = new Map<string, Handler>()
  const registrar = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as IpcRegistrar
  return { handlers, registrar }
}

const eventFrom = (url: string) => ({ senderFrame: { url } }) as unknown as IpcMainInvokeEvent
const trusted = { indexFileUrl: 'file:///opt/Flowgate/resources/app/out/renderer/index.html' }
const isTrusted = (event: IpcMainInvokeEvent) => isTrustedRendererUrl(event.senderFrame?.url, trusted)

describe('IPC registration', () => {
  it('registers one channel per contract method and removes them all', () => {
    const { handlers, registrar } = fakeIpc()
    const unregister = registerContractHandlers(registrar, cannedApi(), isTrusted, silentLogger)
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(ipcInvokeChannel).sort())
    unregister()
    expect(handlers.size).toBe(0)
  })

  it('answers our own window and refuses any other frame', async () => {
    const { handlers, registrar } = fakeIpc()
    registerContractHandlers(registrar, cannedApi(), isTrusted, silentLogger)
    const health = handlers.get(ipcInvokeChannel('health.get'))!
    expect(await health(eventFrom(`${trusted.indexFileUrl}#/approvals`), undefined)).toEqual({ result: sampleHealth })
    expect(await health(eventFrom('https://evil.example/'), undefined)).toEqual({
      error: { code: 'forbidden', message: 'Calls are accepted from the Flowgate window only' },
    })
  })

  it('parses input with the method schema', async () => {
    const { handlers, registrar } = fakeIpc()
    registerContractHandlers(registrar, cannedApi(), isTrusted, silentLogger)
    const update = handlers.get(ipcInvokeChannel('settings.update'))!
    expect(await update(eventFrom(trusted.indexFileUrl), 'not an object')).toMatchObject({ error: { code: 'validation' } })
  })
})

describe('trusted renderer URLs', () => {
  it('accepts the bundled page only, whatever its hash or query', () => {
    expect(isTrustedRendererUrl(trusted.indexFileUrl, trusted)).toBe(true)
    expect(isTrustedRendererUrl(`${trusted.indexFileUrl}?x=1#y`, trusted)).toBe(true)
    expect(isTrustedRendererUrl('file:///tmp/evil/index.html', trusted)).toBe(false)
    expect(isTrustedRendererUrl('http://127.0.0.1:8788/', trusted)).toBe(false)
    expect(isTrustedRendererUrl(undefined, trusted)).toBe(false)
    expect(isTrustedRendererUrl('not a url', trusted)).toBe(false)
  })

  it('accepts the dev server origin in development', () => {
    const dev = { ...trusted, devServerUrl: 'http://localhost:5173' }
    expect(isTrustedRendererUrl('http://localhost:5173/src/index.html', dev)).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false)
  })
})
