import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock'
import { openDatabase, type OpenedDatabase } from '../../src/main/core/db/open'
import { silentLogger } from '../../src/main/core/logger'
import { findMigrationsDir } from '../../src/main/core/paths'
import { PushBus } from '../../src/main/core/push'
import { plaintextCodec, type SecretCodec } from '../../src/main/core/secrets'
import { SettingsService } from '../../src/main/core/settings'
import type { PushMessage } from '../../src/shared/contract'
import { FlowgateError } from '../../src/shared/errors'
import { tempDir } from '../helpers/temp'

// A reversible stand-in for the OS keychain: enough to see that sealing happened.
const reversingCodec: SecretCodec = {
  storage: 'os-keychain',
  seal: (plain) => [...plain].reverse().join(''),
  open: (sealed) => [...sealed].reverse().join(''),
}

describe('settings', () => {
  let opened: OpenedDatabase
  let cleanup: () => void
  const pushes: PushMessage[] = []

  const service = (env: Record<string, string> = {}, codec: SecretCodec = plaintextCodec) => {
    if (!opened) {
      const temp = tempDir()
      cleanup = temp.cleanup
      opened = openDatabase({ file: path.join(temp.dir, 'flowgate.db'), migrationsDir: findMigrationsDir() })
    }
    const push = new PushBus()
    push.subscribe((m) => pushes.push(m))
    return new SettingsService(opened.db, env, codec, new ManualClock(), push, silentLogger)
  }
  const entry = (s: SettingsService, key: string) => s.view().entries.find((e) => e.key === key)

  afterEach(() => {
    opened?.close()
    cleanup?.()
    opened = undefined as unknown as OpenedDatabase
    pushes.length = 0
  })

  it('reports each value with its source: default, saved, env', () => {
    const s = service({ WORKFLOW_MAX_RETRIES: '9' })
    s.update({ values: { WORKFLOW_RETRY_DELAY_SECONDS: 30 } })
    expect(entry(s, 'WORKFLOW_MAX_RETRIES')).toMatchObject({ value: 9, source: 'env', editable: false })
    expect(entry(s, 'WORKFLOW_RETRY_DELAY_SECONDS')).toMatchObject({ value: 30, source: 'saved', editable: true })
    expect(entry(s, 'WORKFLOW_APPROVAL_TIMEOUT_HOURS')).toMatchObject({ value: 24, source: 'default', editable: true })
    expect(s.current().WORKFLOW_RETRY_DELAY_SECONDS).toBe(30)
    expect(pushes).toEqual([{ name: 'settings.changed', payload: { keys: ['WORKFLOW_RETRY_DELAY_SECONDS'] } }])
  })

  it('keeps saved settings across a restart and reverts to the default on null', () => {
    service().update({ values: { AUTO_APPROVAL_CONFIDENCE_THRESHOLD: 95 } })
    const reopened = service()
    expect(reopened.current().AUTO_APPROVAL_CONFIDENCE_THRESHOLD).toBe(95)
    reopened.update({ values: { AUTO_APPROVAL_CONFIDENCE_THRESHOLD: null } })
    expect(service().current().AUTO_APPROVAL_CONFIDENCE_THRESHOLD).toBe(90)
  })

  it('refuses a value the environment sets, and changes nothing', () => {
    const s = service({ N8N_API_URL: 'http://env:5678' })
    expect(() => s.update({ values: { N8N_API_URL: 'http://other:5678', WORKFLOW_MAX_RETRIES: 4 } })).toThrow(
      new FlowgateError('conflict', 'N8N_API_URL is set by the environment; change or unset it there'),
    )
    expect(s.current().WORKFLOW_MAX_RETRIES).toBe(3)
    expect(pushes).toEqual([])
  })

  it('refuses an invalid value with the variable named, and changes nothing', () => {
    const s = service()
    const attempt = () => s.update({ values: { WORKFLOW_MAX_RETRIES: -1, WORKFLOW_RETRY_DELAY_SECONDS: 10 } })
    expect(attempt).toThrow(/WORKFLOW_MAX_RETRIES=-1/)
    expect(s.current().WORKFLOW_RETRY_DELAY_SECONDS).toBe(60)
    expect(opened.sqlite.prepare('select count(*) as n from settings').get()).toEqual({ n: 0 })
  })

  it('never shows secrets and seals them at rest with the codec', () => {
    const s = service({}, reversingCodec)
    s.update({ values: { N8N_API_KEY: 'n8n-key-123' } })
    expect(entry(s, 'N8N_API_KEY')).toMatchObject({ value: null, isSet: true, secret: true })
    const stored = opened.sqlite.prepare("select value, sealed from settings where key = 'N8N_API_KEY'").get()
    expect(stored).toEqual({ value: JSON.stringify('os-keychain:321-yek-n8n'), sealed: 1 })
    expect(service({}, reversingCodec).current().N8N_API_KEY).toBe('n8n-key-123')
    expect(s.view().secretStorage).toBe('os-keychain')
  })

  it('treats a secret sealed by another codec as unset instead of failing', () => {
    service({}, reversingCodec).update({ values: { OPENROUTER_API_KEY: 'sk-or-1' } })
    const headless = service({}, plaintextCodec)
    expect(headless.current().OPENROUTER_API_KEY).toBeUndefined()
  })

  it('generates an admin token once and keeps it; the environment overrides it', () => {
    const first = service().adminToken()
    expect(first.generated).toBe(true)
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(service().adminToken()).toEqual({ token: first.token, generated: false })
    expect(service({ FLOWGATE_ADMIN_TOKEN: 'an-operator-chosen-token' }).adminToken()).toEqual({
      token: 'an-operator-chosen-token',
      generated: false,
    })
  })
})

describe('auto-approval rules per approval type', () => {
  it('default to the seed values and accept a JSON object per type', async () => {
    const { startTestCore } = await import('../helpers/core')
    const c = await startTestCore()
    try {
      const rules = (await c.core.api['settings.get'](undefined)).entries.find((e) => e.key === 'AUTO_APPROVAL_RULES')!
      expect(JSON.parse(String(rules.value))).toMatchObject({ default: { min_lead_score_to_approve: 80 }, video_create: { min_lead_score_to_approve: 85 } })
      const email = { min_lead_score_to_ask: 75, min_lead_score_to_approve: 90, max_recipients: 500, require_verified_email: true }
      const updated = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { AUTO_APPROVAL_RULES: JSON.stringify({ email_send: email }) } })
      expect(updated.status).toBe(200)
      const saved = (await c.core.api['settings.get'](undefined)).entries.find((e) => e.key === 'AUTO_APPROVAL_RULES')!
      expect(JSON.parse(String(saved.value))).toMatchObject({ email_send: email, video_create: { min_lead_score_to_approve: 85 } })
      const bad = await c.admin('POST', '/api/v1/rpc/settings.update', { values: { AUTO_APPROVAL_RULES: '{"email_send":{"min_lead_score_to_ask":"high"}}' } })
      expect(bad.status).toBe(400)
      expect(JSON.stringify(bad.body)).toContain('AUTO_APPROVAL_RULES')
    } finally {
      await c.close()
    }
  })
})
