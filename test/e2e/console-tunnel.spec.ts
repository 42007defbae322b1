import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, startBuiltServe, stopBuiltServe } from '../helpers/built-serve'
import { FakeTunnel } from '../helpers/fake-tunnel'
import { FakeCloudflaredMetrics, FakeNgrokAgent } from '../helpers/fake-tunnel-agents'
import type { ServeProcess } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'

const ngrok = new FakeNgrokAgent()
const cloudflared = new FakeCloudflaredMetrics('')
let serve: ServeProcess
let tunnel: FakeTunnel
let cleanup: () => void

test.beforeAll(async () => {
  const temp = tempDir()
  cleanup = temp.cleanup
  await Promise.all([ngrok.start(), cloudflared.start()])
  serve = await startBuiltServe(temp.dir, { N8N_WEBHOOK_SECRET: 'e2e-webhook-secret-0123456789', FLOWGATE_TUNNEL_AGENTS: `${ngrok.url},${cloudflared.url}` })
  tunnel = new FakeTunnel(Number(new URL(serve.line.public).port))
  await tunnel.start()
})

test.afterAll(async () => {
  await stopBuiltServe(serve)
  await Promise.all([tunnel.stop(), ngrok.stop(), cloudflared.stop()])
  cleanup()
})

test('the tunnel running on this computer is found from Settings, tried, and taken as the tunnel URL in one click', async ({ page }) => {
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/settings`)
  const panel = page.getByTestId('settings-tunnel')
  // Nothing runs yet: it says where it looked and how to start one for this listener.
  await panel.getByRole('button', { name: 'Find running tunnels' }).click()
  await expect(panel.getByTestId('tunnel-finder').getByRole('status')).toContainText(`Start one that forwards to ${serve.line.public}, e.g. cloudflared tunnel --url ${serve.line.public}`)

  ngrok.tunnels = [{ name: 'command_line', public_url: tunnel.url, proto: 'http', config: { addr: serve.line.public, inspect: true } }]
  cloudflared.hostname = '127.0.0.1:1'
  await panel.getByRole('button', { name: 'Find running tunnels' }).click()
  const found = panel.getByRole('list', { name: 'Running tunnels' }).getByRole('listitem')
  await expect(found).toHaveCount(2)
  await expect(found.first()).toContainText(`ngrok ${tunnel.url} → ${serve.line.public} leads to this Flowgate`)
  await expect(found.nth(1)).toContainText('cloudflared https://127.0.0.1:1 is unreachable (fetch failed)')
  await expect(found.nth(1).getByRole('button', { name: 'Use this address' })).toBeDisabled()
  expect(await accessibilityViolations(page, 'tunnels found')).toEqual([])
  await page.screenshot({ path: test.info().outputPath('tunnels-found.png'), fullPage: true })

  await found.first().getByRole('button', { name: 'Use this address' }).click()
  await expect(found.first()).toContainText('in use')
  await expect(panel.getByLabel('Public (tunnel) URL')).toHaveValue(tunnel.url)
  // The once-a-minute check follows the new address at once.
  await expect(panel.getByTestId('tunnel-watch')).toContainText(`Reached Flowgate through ${tunnel.url}`)
})
