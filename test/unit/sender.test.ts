import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { compileTrustedProxies, DEFAULT_TRUSTED_PROXIES, senderIdentifier } from '../../src/main/core/intake/sender'

/** A request as the public listener sees it: the socket's peer and the headers it sent. */
const request = (peer: string, headers: Record<string, string> = {}) =>
  ({ raw: { headers, socket: { remoteAddress: peer } }, headers }) as unknown as FastifyRequest

describe('who sent a webhook', () => {
  const behindLocalTunnel = senderIdentifier(DEFAULT_TRUSTED_PROXIES)

  it("believes a tunnel agent on this computer: the last X-Forwarded-For hop that is not a trusted proxy", () => {
    expect(behindLocalTunnel(request('127.0.0.1', { 'x-forwarded-for': '10.0.0.1, 203.0.113.7' }))).toBe('203.0.113.7')
    expect(behindLocalTunnel(request('::1', { 'x-forwarded-for': '203.0.113.7, 127.0.0.1' }))).toBe('203.0.113.7')
    expect(behindLocalTunnel(request('::ffff:127.0.0.1', { 'x-forwarded-for': '2001:db8::5' }))).toBe('2001:db8::5')
    expect(behindLocalTunnel(request('127.0.0.1', { 'cf-connecting-ip': ' 198.51.100.1 ' }))).toBe('198.51.100.1')
    expect(behindLocalTunnel(request('127.0.0.1'))).toBe('127.0.0.1')
  })

  it('takes a caller that reaches the listener directly for its socket address, whatever it writes', () => {
    const forged = { 'x-forwarded-for': '203.0.113.7', 'cf-connecting-ip': '198.51.100.1' }
    expect(behindLocalTunnel(request('192.0.2.5', forged))).toBe('192.0.2.5')
    expect(behindLocalTunnel(request('2001:db8::9', forged))).toBe('2001:db8::9')
  })

  it('believes the proxies it is told to, and then no longer this computer', () => {
    const behindContainer = senderIdentifier(['172.17.0.0/16'])
    expect(behindContainer(request('172.17.0.2', { 'x-forwarded-for': '203.0.113.7' }))).toBe('203.0.113.7')
    expect(behindContainer(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe('127.0.0.1')
  })

  it('refuses a proxy list it cannot read', () => {
    expect(() => compileTrustedProxies(['localhost'])).toThrow(/invalid IP address: localhost/)
    expect(() => compileTrustedProxies(['10.0.0.0/40'])).toThrow(/invalid range/)
  })
})
