import path from 'node:path'
import { expect, test } from '@playwright/test'
import Database from 'better-sqlite3'
import { E2E_TOKEN as TOKEN, adminCall, startBuiltServe, stopBuiltServe } from '../helpers/built-serve'
import { sign } from '../helpers/sign'
import { tempDir } from '../helpers/temp'

const SECRET = 'e2e-webhook-secret-0123456789'

test('webhooks the database refuses are said at once in the console, and no longer once they are stored again', async ({ page }) => {
  const { dir, cleanup } = tempDir()
  const serve = await startBuiltServe(dir, { N8N_WEBHOOK_SECRET: SECRET })
  try {
    const workflow = await adminCall<{ id: number }>(serve, 'POST', '/api/v1/workflows', { workflow_name: 'Lead intake', webhook_url: 'http://127.0.0.1:9/hook' })
    const send = () =>
      fetch(`${serve.line.public}/api/v1/webhooks/n8n/${workflow.id}`, { method: 'POST', body: '{"lead":1}', headers: { 'content-type': 'application/json', ...sign.sharedSecret(SECRET) } })
    await page.goto(`${serve.line.admin}/login?token=${TOKEN}`)
    await expect(page.getByTestId('core-status')).toHaveText('All systems ok')

    // Another program changes the database so that it refuses every new webhook, as a full disk does.
    const database = new Database(path.join(dir, 'flowgate.db'))
    database.exec("create trigger refuse_webhooks before insert on webhook_queue begin select raise(fail, 'database or disk is full'); end")
    expect((await send()).status).toBe(503)

    // No reload: the console hears of it by itself.
    await expect(page.getByTestId('attention-not-stored')).toContainText('Refusing webhooks (503)')
    await expect(page.getByTestId('attention-not-stored')).toContainText('they cannot be stored (database or disk is full); n8n is told to send them again')
    await expect(page.getByTestId('core-status')).toHaveText('Degraded: 1 check failing')
    await page.getByTestId('attention-not-stored').click()
    await expect(page.getByTestId('events-table')).toContainText('webhook_not_stored')
    await expect(page.getByTestId('errors-table')).toContainText('database or disk is full')

    database.exec('drop trigger refuse_webhooks')
    database.close()
    expect((await send()).status).toBe(202)
    await expect(page.getByTestId('core-status')).toHaveText('All systems ok')
    await page.getByRole('button', { name: 'Dashboard' }).click()
    await expect(page.getByTestId('needs-attention')).toBeVisible()
    await expect(page.getByTestId('attention-not-stored')).toHaveCount(0)
  } finally {
    expect(await stopBuiltServe(serve)).toBe(0)
    cleanup()
  }
})
