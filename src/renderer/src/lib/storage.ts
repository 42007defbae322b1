import type { PrunedPart, StoragePart } from '../../../shared/schemas/storage'
import { plural } from '../../../shared/text'

export const partTitles: Record<StoragePart, string> = {
  events: 'Monitoring events',
  webhooks: 'Webhooks',
  calls: 'Calls to n8n',
  executions: 'Executions',
  approvals: 'Approvals',
  other: 'Everything else',
}
const removedNouns: Record<PrunedPart, string> = { events: 'event', webhooks: 'webhook', calls: 'call', executions: 'execution' }

/** "300 events, 2 webhooks, no calls and no executions". */
export const removedWords = (removed: Record<PrunedPart, number>): string => {
  const said = (Object.keys(removedNouns) as PrunedPart[]).map((part) => (removed[part] ? plural(removed[part], removedNouns[part]) : `no ${removedNouns[part]}s`))
  return `${said.slice(0, -1).join(', ')} and ${said.at(-1)}`
}
