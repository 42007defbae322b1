import { expect, test, type Page } from '@playwright/test'
import { adminCall, E2E_TOKEN, startBuiltServe, stopBuiltServe } from './built-serve'
import type { FakeN8n } from './fake-n8n'
import type { ServeProcess } from './serve-process'
import { tempDir } from './temp'

export const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) })
export const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name })

/**
 * For a spec whose tests build on each other: the built app over one data folder and a fake n8n
 * that calls back as n8n would, both started before the tests and stopped after; each test starts
 * signed in on the dashboard, and an error in the page fails it. Call at the top of the file.
 */
export function consoleSession(n8n: FakeN8n, env: Record<string, string> & { N8N_WEBHOOK_SECRET: string }) {
  let serve: ServeProcess | undefined
  let dataDir = ''
  let cleanup = () => {}
  const start = async () => {
    serve = await startBuiltServe(dataDir, env)
  }
  const stop = async () => expect(await stopBuiltServe(serve!)).toBe(0)

  test.describe.configure({ mode: 'serial' })
  test.beforeAll(async () => {
    ;({ dir: dataDir, cleanup } = tempDir())
    n8n.callBack = { secret: env.N8N_WEBHOOK_SECRET, output: { score: 91 } }
    await n8n.start()
    await start()
  })
  test.afterAll(async () => {
    await stop()
    await n8n.stop()
    cleanup()
  })
  test.beforeEach(async ({ page }) => {
    page.on('pageerror', (error) => {
      throw error
    })
    await page.goto(`${serve!.line.admin}/login?token=${E2E_TOKEN}`)
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  })

  return {
    serve: () => serve!,
    admin: (method: string, path: string, body?: unknown) => adminCall(serve!, method, path, body),
    /** Stops the app cleanly and starts it again on the same data folder. */
    restart: async () => {
      await stop()
      await start()
    },
  }
}
