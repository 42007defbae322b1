import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { E2E_TOKEN as TOKEN, startBuiltServe, stopBuiltServe } from '../helpers/built-serve'
import { builtServeCommand, spawnServe, type ServeProcess } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'

const root = path.resolve(__dirname, '..', '..')
let dataDir: string
let cleanup: () => void
let serve: ServeProcess | null = null

test.beforeEach(() => ({ dir: dataDir, cleanup } = tempDir()))
test.afterEach(async () => {
  if (serve) await stopBuiltServe(serve)
  serve = null
  cleanup()
})

const createWorkflow = (name: string) =>
  fetch(`${serve!.line.admin}/api/v1/workflows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workflow_name: name }),
  }).then((r) => expect(r.status).toBe(200))

test('back up from Settings, then restore that backup with the built restore command', async ({ page }) => {
  serve = await startBuiltServe(dataDir)
  await createWorkflow('Before the backup')
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/settings`)
  const panel = page.getByTestId('settings-backup')
  await expect(panel.getByTestId('backup-schedule')).toContainText(`Every 24 hours, the newest 7 kept, in ${path.join(dataDir, 'backups')}`)
  await expect(panel).toContainText('No backups in this folder yet.')

  await panel.getByRole('button', { name: 'Back up now' }).click()
  await expect(panel.getByTestId('backup-result')).toContainText(`to ${path.join(dataDir, 'backups', 'flowgate-')}`)
  await expect(panel.getByTestId('backup-files').getByRole('listitem')).toHaveCount(1)
  await page.screenshot({ path: test.info().outputPath('settings-backups.png'), fullPage: true })
  expect(await accessibilityViolations(page, 'settings with a backup')).toEqual([])
  const [backup] = fs.readdirSync(path.join(dataDir, 'backups'))

  await createWorkflow('After the backup')
  await stopBuiltServe(serve)
  serve = null
  const restore = spawnSync(process.execPath, ['out/main/restore.js', path.join(dataDir, 'backups', backup!)], {
    cwd: root,
    env: { ...process.env, FLOWGATE_DATA_DIR: dataDir },
    encoding: 'utf8',
  })
  expect(restore.stderr).toContain('restored')
  expect(restore.status).toBe(0)

  serve = await startBuiltServe(dataDir)
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows`)
  await expect(page.getByText('Before the backup')).toBeVisible()
  await expect(page.getByText('After the backup')).toHaveCount(0)
})

test('replacing the console token signs other holders out and keeps this browser signed in', async ({ page }) => {
  // No token from the environment: serve makes one and shows it once.
  serve = await spawnServe({ FLOWGATE_DATA_DIR: dataDir, FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0' }, builtServeCommand()).ready
  const old = /login\?token=(\S+)/.exec(serve.stderr())![1]!
  const health = (token: string) => fetch(`${serve!.line.admin}/api/v1/health`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)
  expect(await health(old)).toBe(200)
  await page.goto(`${serve.line.admin}/login?token=${old}#/settings`)
  const access = page.getByTestId('settings-access')
  await access.getByRole('button', { name: 'Replace the token…' }).click()
  await expect(access.getByTestId('rotate-token-confirm')).toContainText('Every browser signed in with the current token is signed out')
  await access.getByRole('button', { name: 'Replace it now' }).click()
  // The page signs in again with the new token, on the same screen.
  await expect(page).toHaveURL(/#\/settings$/)
  // The page reloads as it signs in again: show the token once the settings have arrived.
  const shown = access.getByTestId('admin-token')
  await expect(async () => {
    const show = access.getByRole('button', { name: 'Show' })
    if (await show.isVisible()) await show.click()
    await expect(shown).toHaveText(/^[^•\s]{32,}$/, { timeout: 1_000 })
  }).toPass()
  const fresh = (await shown.textContent())!.trim()
  expect(fresh).not.toBe(old)
  expect(await health(old)).toBe(401)
  expect(await health(fresh)).toBe(200)
})
