import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openLogFile, type LogOutput } from '../../src/main/core/logger'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from '../helpers/core'
import { json, sign } from '../helpers/sign'
import { tempDir } from '../helpers/temp'

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))
const readLogs = (dir: string) =>
  fs
    .readdirSync(dir)
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    .join('')

describe('the log file', () => {
  let c: RunningCore | undefined
  const temp = tempDir()
  afterEach(async () => {
    await c?.close()
    c = undefined
  })

  it('never holds a secret, in any of the places one can sit', async () => {
    const dir = path.join(temp.dir, 'redaction')
    const out = await openLogFile({ dir, level: 'info' })
    const log = out.logger.child({ module: 'test' })
    log.info({ headers: { authorization: 'Bearer tok-1', 'x-n8n-signature': 'sig-2', 'x-flowgate-signature': 'sha256=sig-3', 'webhook-signature': 'v1,sig-4', 'x-n8n-api-key': 'key-5', cookie: 'flowgate_token=tok-6' } }, 'request')
    log.info({ apiKey: 'key-7', token: 'tok-8', secret: 'sec-9', config: { N8N_API_KEY: 'key-10', N8N_WEBHOOK_SECRET: 'sec-11', OPENROUTER_API_KEY: 'key-12', FLOWGATE_ADMIN_TOKEN: 'tok-13' } }, 'settings')
    log.info({ connection: { apiKey: 'key-14', token: 'tok-15' } }, 'nested')
    out.logger.flush()
    await settle()
    const text = readLogs(dir)
    expect(text).toContain('"msg":"request"')
    expect(text.match(/\[redacted\]/g)?.length).toBe(15)
    expect(text).not.toMatch(/tok-|sig-|key-|sec-/)
  })

  it('rolls to a new file past its size and keeps only a few', async () => {
    const dir = path.join(temp.dir, 'rolling')
    const out = await openLogFile({ dir, level: 'info', maxSize: '1K', keep: 2 })
    for (let i = 0; i < 60; i++) {
      out.logger.info({ i, filler: 'x'.repeat(100) }, 'line')
      if (i % 10 === 9) {
        out.logger.flush()
        await settle()
      }
    }
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.log')).sort()
    // Two rolled files kept (the oldest removed), plus the current one.
    expect(files.length).toBe(3)
    expect(files.filter((name) => /^flowgate\.\d+\.log$/.test(name)).length).toBe(2)
    expect(files).toContain('flowgate.log')
    expect(out.currentFile()).toBe(path.join(dir, 'flowgate.log'))
    expect(fs.statSync(out.currentFile()!).size).toBeLessThan(1024 + 200)
    // The newest lines survive the roll; the oldest went with the pruned files.
    expect(readLogs(dir)).toContain('"i":59')
    expect(readLogs(dir)).not.toContain('"i":0,')
  })

  it('turns debug logging on and off from the settings, live, and shows its path in health', async () => {
    const dir = path.join(temp.dir, 'core-logs')
    const log: LogOutput = await openLogFile({ dir, level: 'info' })
    c = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }, { log })
    const workflowId = c.addWorkflow()
    const send = () =>
      fetch(`${c!.publicUrl}/api/v1/webhooks/n8n/${workflowId}`, { method: 'POST', body: '{"event":"x","data":{}}', headers: { ...json, ...sign.sharedSecret(TEST_WEBHOOK_SECRET) } })
    const health = (await c.admin('GET', '/api/v1/health')).body
    expect(health.logFile).toBe(path.join(dir, 'flowgate.log'))

    await send()
    log.logger.flush()
    await settle()
    expect(readLogs(dir)).not.toContain('"level":20')

    expect((await c.admin('POST', '/api/v1/rpc/settings.update', { values: { DEBUG: true } })).status).toBe(200)
    await send()
    log.logger.flush()
    await settle()
    const debugLines = readLogs(dir).split('\n').filter((line) => line.includes('"level":20'))
    expect(debugLines.length).toBeGreaterThan(0)
    expect(readLogs(dir)).not.toContain(TEST_WEBHOOK_SECRET)

    expect((await c.admin('POST', '/api/v1/rpc/settings.update', { values: { DEBUG: false } })).status).toBe(200)
    const before = debugLines.length
    await send()
    log.logger.flush()
    await settle()
    expect(readLogs(dir).split('\n').filter((line) => line.includes('"level":20')).length).toBe(before)
  })
})
