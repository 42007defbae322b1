import type { ContractApi } from '../../shared/contract'
import type { SettingsService } from './settings'
import type { HealthReport } from '../../shared/schemas/health'
import type { QueueService } from './queue/queue-service'

export interface ApiDeps {
  settings: SettingsService
  health: () => HealthReport
  queue: QueueService
}

/** The core's implementation of the contract: every door calls exactly these functions. */
export function createApi(deps: ApiDeps): ContractApi {
  return {
    'health.get': async () => deps.health(),
    'settings.get': async () => deps.settings.view(),
    'settings.update': async (input) => deps.settings.update(input),
    'queue.status': async () => deps.queue.status(),
    'queue.list': async (input) => deps.queue.list(input),
    'queue.get': async ({ id }) => deps.queue.get(id),
    'queue.replay': async ({ id }) => deps.queue.replay(id),
    'queue.replayMany': async (input) => deps.queue.replayMany(input),
    'queue.delete': async ({ id }) => deps.queue.delete(id),
  }
}
