import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCore, TEST_ADMIN_TOKEN, type RunningCore } from '../helpers/core'

const bearer = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

/** Reads server-sent events until `count` arrive. */
function collectEvents(url: string, count: number): Promise<{ events: string[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: string[] = []
    const request = http.get(url, { headers: bearer }, (response) => {
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        for (const block of chunk.split('\n\n')) if (block.startsWith('event:')) events.push(block)
        if (events.length >= count) resolve({ events, close: () => request.destroy() })
      })
    })
    request.on('error', reject)
  })
}

describe('core over real sockets', () => {
  let running: RunningCore

  beforeAll(async () => {
    running = await startTestCore()
  })
  afterAll(async () => {
    await running.close()
  })

  it('listens on loopback ports chosen by the OS', () => {
    expect(running.publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(running.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(running.publicUrl).not.toBe(running.adminUrl)
  })

  it('answers a minimal health on the public port, revealing nothing', async () => {
    const response = await fetch(`${running.publicUrl}/api/v1/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('mounts no management route on the public port, even with the token', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/rpc/health.get'],
      ['POST', '/api/v1/rpc/settings.update'],
      ['GET', '/api/v1/events'],
      ['GET', '/login?token=x'],
      ['GET', '/'],
    ]) {
      const response = await fetch(`${running.publicUrl}${path}`, { method, headers: bearer })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(await response.json()).toMatchObject({ error: 'not_found' })
    }
  })

  it('refuses the admin API without the token or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: TEST_ADMIN_TOKEN }] as Record<string, string>[]) {
      const response = await fetch(`${running.adminUrl}/api/v1/rpc/health.get`, { method: 'POST', headers })
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ error: 'unauthorized' })
    }
  })

  it('serves the contract to a caller with the token', async () => {
    const response = await fetch(`${running.adminUrl}/api/v1/rpc/health.get`, { method: 'POST', headers: bearer })
    expect(response.status).toBe(200)
    const { result } = (await response.json()) as { result: unknown }
    expect(result).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } }, dataDir: running.dataDir })
  })

  it("shows the console's address and token in the settings, for the operator to open it in a browser", async () => {
    const response = await fetch(`${running.adminUrl}/api/v1/rpc/settings.get`, { method: 'POST', headers: bearer })
    const { result } = (await response.json()) as { result: { adminAccess: unknown } }
    expect(result.adminAccess).toEqual({ url: running.adminUrl, token: TEST_ADMIN_TOKEN })
  })

  it('maps contract errors to HTTP statuses with a message', async () => {
    const post = (method: string, body: unknown) =>
      fetch(`${running.adminUrl}/api/v1/rpc/${method}`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const invalid = await post('settings.update', { values: { WORKFLOW_MAX_RETRIES: 'many' } })
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toContain('WORKFLOW_MAX_RETRIES')
    const unknown = await post('nothing.here', {})
    expect(unknown.status).toBe(404)
    const malformed = await fetch(`${running.adminUrl}/api/v1/rpc/settings.update`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{"values":',
    })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toEqual({ error: 'bad_request', message: 'Body is not valid JSON' })
  })

  it('refuses cross-origin calls even with a valid token', async () => {
    const response = await fetch(`${running.adminUrl}/api/v1/rpc/health.get`, {
      method: 'POST',
      headers: { ...bearer, origin: 'https://evil.example' },
    })
    expect(response.status).toBe(403)
  })

  it('turns the console link into an HttpOnly, SameSite=Strict cookie', async () => {
    const bad = await fetch(`${running.adminUrl}/login?token=nope`, { redirect: 'manual' })
    expect(bad.status).toBe(401)
    const login = await fetch(`${running.adminUrl}/login?token=${TEST_ADMIN_TOKEN}`, { redirect: 'manual' })
    expect(login.status).toBe(303)
    expect(login.headers.get('location')).toBe('/')
    const cookie = login.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const withCookie = await fetch(`${running.adminUrl}/api/v1/rpc/health.get`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]! },
    })
    expect(withCookie.status).toBe(200)
  })

  it('pushes events to server-sent-event subscribers', async () => {
    const stream = collectEvents(`${running.adminUrl}/api/v1/events`, 1)
    await new Promise((r) => setTimeout(r, 100))
    const update = await fetch(`${running.adminUrl}/api/v1/rpc/settings.update`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ values: { WORKFLOW_MAX_RETRIES: 5 } }),
    })
    expect(update.status).toBe(200)
    const { events, close } = await stream
    close()
    expect(events[0]).toBe('event: settings.changed\ndata: {"keys":["WORKFLOW_MAX_RETRIES"]}')
  })
})

describe('core lifecycle', () => {
  it('stops cleanly with an event stream open, and frees its ports', async () => {
    const running = await startTestCore()
    const stream = http.get(`${running.adminUrl}/api/v1/events`, { headers: bearer })
    stream.on('error', () => undefined)
    await new Promise((r) => setTimeout(r, 100))
    await running.close()
    await expect(fetch(`${running.publicUrl}/api/v1/health`)).rejects.toThrow()
    await expect(fetch(`${running.adminUrl}/api/v1/health`)).rejects.toThrow()
  })
})
