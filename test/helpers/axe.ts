import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/** axe's WCAG 2.1 A and AA findings on the page as it is now, one line each, named by `where`. */
export async function accessibilityViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}
