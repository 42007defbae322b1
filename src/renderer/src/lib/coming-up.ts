import type { ComingUp } from '../../../shared/schemas/monitoring'
import { plural } from '../../../shared/text'

const of = (item: ComingUp) => (item.workflow_name === null ? '' : ` of "${item.workflow_name}"`)
const forWorkflow = (item: ComingUp) => (item.workflow_name === null ? '' : ` for "${item.workflow_name}"`)

/** What a scheduled thing is, said as what will happen: "40 dispatches of "Mailer" go as its send window opens". */
export function comingUpText(item: ComingUp): string {
  switch (item.kind) {
    case 'window_opens':
      return `${plural(item.count, 'dispatch', 'dispatches')}${of(item)} ${item.count === 1 ? 'goes' : 'go'} as its send window opens`
    case 'hour_allows':
    case 'day_allows':
      return `the next of ${plural(item.count, 'waiting dispatch', 'waiting dispatches')}${of(item)} goes, its ${item.kind === 'hour_allows' ? 'hourly' : 'daily'} limit allowing`
    case 'dispatch_scheduled':
      return item.count === 1 ? `execution #${item.id}${of(item)} goes to n8n, as scheduled` : `execution #${item.id}, the first of ${item.count} scheduled${of(item)}, goes to n8n`
    case 'dispatch_retry':
      return `${plural(item.count, 'dispatch', 'dispatches')} to n8n${forWorkflow(item)} tried again`
    case 'resume_retry':
      return `${plural(item.count, 'decision')} sent to n8n again${forWorkflow(item)}`
    case 'stop_retry':
      return `${plural(item.count, 'stop')} sent to n8n again${forWorkflow(item)}`
    case 'webhook_retry':
      return `${plural(item.count, 'webhook')}${item.workflow_name === null ? ' (generic events)' : forWorkflow(item)} processed again`
    case 'approval_expires':
      return item.count === 1 ? `approval #${item.id}${of(item)} expires unless decided` : `${item.count} approvals${of(item)} expire unless decided, the first #${item.id}`
    case 'backup':
      return 'the database backed up, as scheduled'
    case 'alerts_sent':
      return `${plural(item.count, 'alert')} sent to your phone or chat, in one message`
    case 'quiet_unless_heard':
      return `"${item.workflow_name}" counts as quiet unless heard from by then`
    case 'execution_times_out':
      return item.count === 1
        ? `execution #${item.id}${of(item)} times out unless n8n reports it finished`
        : `${item.count} executions${of(item)} time out unless n8n reports them finished, the first #${item.id}`
  }
}
