import { expect, test } from '@playwright/test'
import { accessibilityViolations } from '../helpers/axe'
import { FakeN8n } from '../helpers/fake-n8n'
import { E2E_TOKEN as TOKEN } from '../helpers/built-serve'
import type { ServeProcess } from '../helpers/serve-process'
import { builtServePerFile } from '../helpers/serve-per-file'

const SECRET = 'e2e-link-secret-0123456789'
const n8n = new FakeN8n()
let serve: ServeProcess
n8n.workflows = [
  { id: 'mail1', name: 'Spring mailer', active: true, nodes: [{ type: 'n8n-nodes-base.webhook', name: 'Webhook', parameters: { path: 'spring-mailer', httpMethod: 'POST', authentication: 'headerAuth' } }] },
  { id: 'get1', name: 'Old GET hook', active: false, nodes: [{ type: 'n8n-nodes-base.webhook', name: 'Webhook', parameters: { path: 'old-hook' } }] },
  { id: 'cron1', name: 'Nightly report', active: true, nodes: [{ type: 'n8n-nodes-base.scheduleTrigger' }] },
]
builtServePerFile(
  () => ({ N8N_WEBHOOK_SECRET: SECRET, N8N_API_URL: n8n.apiUrl, N8N_API_KEY: n8n.apiKey, AUTO_APPROVAL_ENABLED: 'false' }),
  [n8n],
  (started) => (serve = started),
)

test("a workflow is linked from n8n's own list, filled in from it, and dispatches to its trigger", async ({ page }) => {
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows`)
  await page.getByRole('button', { name: 'From n8n…' }).click()
  const picker = page.getByTestId('n8n-workflows')
  // Not yet linked first, by name; each says what would stop Flowgate starting it.
  await expect(picker.locator('li[data-testid^="n8n-workflow-"]')).toHaveText([/^Nightly report/, /^Old GET hook/, /^Spring mailer/])
  await expect(picker.getByTestId('n8n-workflow-cron1')).toContainText('No Webhook trigger: Flowgate starts n8n workflows through one')
  await expect(picker.getByRole('button', { name: 'Link Nightly report' })).toBeDisabled()
  await expect(picker.getByTestId('n8n-workflow-get1')).toContainText('Its Webhook trigger listens for GET; Flowgate sends POST')
  await expect(picker.getByTestId('n8n-workflow-get1')).toContainText('Inactive in n8n')
  await expect(picker.getByTestId('n8n-workflow-mail1')).toContainText(`${n8n.base}/webhook/spring-mailer`)
  await expect(picker.getByTestId('n8n-workflow-mail1').locator('.problems')).toHaveCount(0)
  expect(await accessibilityViolations(page, 'n8n workflows to link')).toEqual([])
  await page.screenshot({ path: test.info().outputPath('n8n-workflows.png') })

  await picker.getByRole('button', { name: 'Link Spring mailer' }).click()
  await expect(page.getByLabel('Name')).toHaveValue('Spring mailer')
  await expect(page.getByLabel('n8n workflow id')).toHaveValue('mail1')
  await expect(page.getByLabel('n8n webhook URL')).toHaveValue(`${n8n.base}/webhook/spring-mailer`)
  await page.getByLabel('Trigger events').fill('campaign.ready')
  await page.getByRole('button', { name: 'Create' }).click()

  const detail = page.getByTestId('workflow-detail')
  await expect(detail.getByRole('heading', { name: 'Spring mailer' })).toBeVisible()
  await expect(page.getByTestId('n8n-workflow').getByRole('link')).toHaveAttribute('href', `${n8n.base}/workflow/mail1`)
  await page.getByRole('button', { name: 'Trigger', exact: true }).click()
  await expect(page.getByTestId('trigger-outcome')).toHaveText(/^Execution #1 is /)
  await expect.poll(() => n8n.received.map((r) => r.path)).toEqual(['spring-mailer'])
  expect(n8n.received[0]!.signature).toBe(SECRET)

  // Linked now: the list says so, last, and opens it.
  await page.getByRole('button', { name: 'From n8n…' }).click()
  await expect(picker.locator('li[data-testid^="n8n-workflow-"]').last()).toContainText('Spring mailer')
  await picker.getByRole('button', { name: 'Linked as #1: open' }).click()
  await expect(page).toHaveURL(/#\/workflows\/1$/)
  await expect(detail.getByRole('heading', { name: 'Spring mailer' })).toBeVisible()
})

test('every ready n8n workflow is linked in one go; one whose name is taken is said, the others linked', async ({ page }) => {
  const webhook = (path: string) => [{ type: 'n8n-nodes-base.webhook', name: 'Webhook', parameters: { path, httpMethod: 'POST', authentication: 'headerAuth' } }]
  n8n.workflows.push(
    { id: 'aut1', name: 'Autumn mailer', active: true, nodes: webhook('autumn') },
    { id: 'win1', name: 'Winter mailer', active: true, nodes: webhook('winter') },
    { id: 'mail2', name: 'Spring mailer', active: true, nodes: webhook('spring-2') },
  )
  await page.goto(`${serve.line.admin}/login?token=${TOKEN}#/workflows`)
  await page.getByRole('button', { name: 'From n8n…' }).click()
  const picker = page.getByTestId('n8n-workflows')
  await picker.getByRole('button', { name: 'Link all 3 ready' }).click()
  await expect(picker.getByTestId('linked-all')).toHaveText(/^Linked 2 of 3\. Not linked: “Spring mailer”: .*Spring mailer/)
  await expect(picker.getByRole('button', { name: /^Linked as #\d+: open$/ })).toHaveCount(3)
  await expect(picker.getByRole('button', { name: 'Link Spring mailer' })).toBeEnabled()
  await expect(picker.getByRole('button', { name: /^Link all/ })).toHaveCount(0)
  await expect(page.getByRole('listbox', { name: 'Workflows' }).getByRole('option')).toHaveText([/Spring mailer/, /Autumn mailer/, /Winter mailer/])

  // One of its steps gated on approvals: three nodes copied for n8n's canvas, asking this workflow.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await picker.getByRole('button', { name: 'Close' }).click()
  await page.getByRole('option', { name: /Autumn mailer/ }).click()
  await page.getByRole('button', { name: 'Copy an approval gate for n8n' }).click()
  await expect(page.getByTestId('n8n-nodes-outcome')).toHaveText(/^Copied 3 nodes: in n8n, click the canvas and paste \(Ctrl\+V\), .* on “Ask Flowgate: workflow_execution”$/)
  const gate = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { nodes: { name: string; parameters: { url?: string } }[] }
  expect(gate.nodes.map((node) => node.name)).toEqual(['Ask Flowgate: workflow_execution', 'Wait for decision', 'Approved? (workflow_execution)'])
  expect(gate.nodes[0]!.parameters.url).toMatch(/\/api\/v1\/webhooks\/n8n\/\d+$/)
  await page.getByRole('button', { name: 'Copy a node that sends items here' }).click()
  await expect(page.getByTestId('n8n-nodes-outcome')).toHaveText(
    'Copied 1 node: in n8n, click the canvas and paste (Ctrl+V), connect it where items should come to this workflow, and choose the Flowgate credential on “Send to Flowgate: Autumn mailer”',
  )
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())).nodes).toHaveLength(1)
})
