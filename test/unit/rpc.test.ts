import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/main/core/logger'
import { invokeMethod } from '../../src/main/core/rpc'
import { FlowgateError } from '../../src/shared/errors'
import { cannedApi, emptySettings, sampleHealth } from '../helpers/api'

describe('invokeMethod: the one wrapper every door uses', () => {
  it('calls the method and wraps the result', async () => {
    expect(await invokeMethod(cannedApi(), 'health.get', undefined, silentLogger)).toEqual({ result: sampleHealth })
  })

  it('answers an unknown method with not_found', async () => {
    expect(await invokeMethod(cannedApi(), 'admin.dropEverything', {}, silentLogger)).toEqual({
      error: { code: 'not_found', message: 'Unknown method "admin.dropEverything"' },
    })
  })

  it('refuses input that does not match the schema, naming the field, without calling the core', async () => {
    let called = false
    const api = cannedApi({ 'settings.update': async () => ((called = true), emptySettings) })
    const envelope = await invokeMethod(api, 'settings.update', { values: { WORKFLOW_MAX_RETRIES: { nested: 1 } } }, silentLogger)
    expect(envelope).toMatchObject({ error: { code: 'validation' } })
    expect(JSON.stringify(envelope)).toContain('values.WORKFLOW_MAX_RETRIES')
    const unknownKey = await invokeMethod(api, 'settings.update', { values: { FLOWGATE_DATA_DIR: '/elsewhere' } }, silentLogger)
    expect(unknownKey).toMatchObject({ error: { code: 'validation' } })
    const extraField = await invokeMethod(api, 'settings.update', { values: {}, sneaky: true }, silentLogger)
    expect(extraField).toMatchObject({ error: { code: 'validation' } })
    expect(called).toBe(false)
  })

  it("passes a FlowgateError's code and message through", async () => {
    const api = cannedApi({
      'settings.update': async () => {
        throw new FlowgateError('conflict', 'N8N_API_URL is set by the environment')
      },
    })
    expect(await invokeMethod(api, 'settings.update', { values: {} }, silentLogger)).toEqual({
      error: { code: 'conflict', message: 'N8N_API_URL is set by the environment' },
    })
  })

  it('hides the details of an unexpected failure', async () => {
    const api = cannedApi({
      'health.get': async () => {
        throw new Error('SQLITE_CORRUPT at /secret/path')
      },
    })
    const envelope = await invokeMethod(api, 'health.get', undefined, silentLogger)
    expect(envelope).toEqual({ error: { code: 'internal', message: 'health.get failed unexpectedly; see the log for details' } })
  })
})
