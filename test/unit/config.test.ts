import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, environmentValues, parseConfig } from '../../src/main/core/config'
import { tempDir } from '../helpers/temp'

describe('configuration', () => {
  it("uses the seed's defaults and Flowgate's own", () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      WORKFLOW_MAX_RETRIES: 3,
      WORKFLOW_RETRY_DELAY_SECONDS: 60,
      WORKFLOW_EXECUTION_TIMEOUT_SECONDS: 300,
      WORKFLOW_APPROVAL_TIMEOUT_HOURS: 24,
      AUTO_APPROVAL_ENABLED: true,
      AUTO_APPROVAL_CONFIDENCE_THRESHOLD: 90,
      AUTO_APPROVAL_MAX_DAILY_LIMIT: 100,
      FLOWGATE_PUBLIC_HOST: '127.0.0.1',
      FLOWGATE_PUBLIC_PORT: 8787,
      FLOWGATE_ADMIN_PORT: 8788,
      CALL_RETENTION_DAYS: 30,
      FLOWGATE_WEBHOOK_REQUEST_TIMEOUT_SECONDS: 30,
      FLOWGATE_TRUSTED_PROXIES: ['loopback'],
    })
    expect(() => parseConfig({ FLOWGATE_WEBHOOK_REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(/FLOWGATE_WEBHOOK_REQUEST_TIMEOUT_SECONDS/)
    expect(config.N8N_WEBHOOK_SECRET).toBeUndefined()
    // Executions are all kept until the operator sets a period.
    expect(config.EXECUTION_RETENTION_DAYS).toBeUndefined()
  })

  it("reads the operator's blocked words and domains as lists: trimmed, lowercased, blanks dropped", () => {
    const config = parseConfig({ AUTO_APPROVAL_BLOCKED_WORDS: ' Refund , ,Legal Team', AUTO_APPROVAL_BLOCKED_DOMAINS: '@Competitor.io,mail.rival.co.uk' })
    expect(config.AUTO_APPROVAL_BLOCKED_WORDS).toEqual(['refund', 'legal team'])
    expect(config.AUTO_APPROVAL_BLOCKED_DOMAINS).toEqual(['competitor.io', 'mail.rival.co.uk'])
    expect(parseConfig({})).toMatchObject({ AUTO_APPROVAL_BLOCKED_WORDS: [], AUTO_APPROVAL_BLOCKED_DOMAINS: [] })
  })

  it('coerces strings from the environment', () => {
    const config = parseConfig({ WORKFLOW_MAX_RETRIES: '5', AUTO_APPROVAL_ENABLED: 'false', N8N_API_URL: 'http://n8n.local:5678/api/v1/' })
    expect(config.WORKFLOW_MAX_RETRIES).toBe(5)
    expect(config.AUTO_APPROVAL_ENABLED).toBe(false)
    expect(config.N8N_API_URL).toBe('http://n8n.local:5678/api/v1')
  })

  it.each([
    ['WORKFLOW_MAX_RETRIES', 'three', /WORKFLOW_MAX_RETRIES="three": .*number/i],
    ['AUTO_APPROVAL_CONFIDENCE_THRESHOLD', '150', /AUTO_APPROVAL_CONFIDENCE_THRESHOLD="150": .*100/],
    ['FLOWGATE_PUBLIC_PORT', '70000', /FLOWGATE_PUBLIC_PORT="70000": .*65535/],
    ['AUTO_APPROVAL_ENABLED', 'sometimes', /AUTO_APPROVAL_ENABLED="sometimes"/],
    ['N8N_API_URL', 'ftp://x', /N8N_API_URL="ftp:\/\/x"/],
    ['FLOWGATE_ADMIN_TOKEN', 'short', /FLOWGATE_ADMIN_TOKEN="short": must be at least 16 characters/],
    // Hourly and daily limits count the last day's calls, so those must outlive it.
    ['CALL_RETENTION_DAYS', '1', /CALL_RETENTION_DAYS="1": .*2/],
    ['EXECUTION_RETENTION_DAYS', '3', /EXECUTION_RETENTION_DAYS="3": .*7/],
    ['FLOWGATE_TRUSTED_PROXIES', '127.0.0.1, localhost', /FLOWGATE_TRUSTED_PROXIES="127.0.0.1, localhost": invalid IP address: localhost; list addresses/],
    ['AUTO_APPROVAL_BLOCKED_DOMAINS', 'acme.com, localhost', /AUTO_APPROVAL_BLOCKED_DOMAINS="acme.com, localhost": must be domains such as example.com/],
  ])('rejects %s=%s with one line naming the variable and the problem', (key, value, message) => {
    const attempt = () => parseConfig({ [key]: value })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(message)
    try {
      attempt()
    } catch (error) {
      expect((error as Error).message).not.toContain('\n')
    }
  })

  it('reads .env but lets the real environment win', () => {
    const { dir, cleanup } = tempDir()
    try {
      const file = path.join(dir, '.env')
      fs.writeFileSync(file, 'WORKFLOW_MAX_RETRIES=7\nN8N_API_URL=http://from-file:5678\nUNRELATED=1\n')
      const values = environmentValues({ N8N_API_URL: 'http://from-env:5678' }, file)
      expect(values).toEqual({ WORKFLOW_MAX_RETRIES: '7', N8N_API_URL: 'http://from-env:5678' })
    } finally {
      cleanup()
    }
  })
})
