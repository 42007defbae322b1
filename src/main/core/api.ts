import type { ContractApi } from '../../shared/contract'
import type { SettingsService } from './settings'
import type { HealthReport } from '../../shared/schemas/health'

export interface ApiDeps {
  settings: SettingsService
  health: () => HealthReport
}

/** The core's implementation of the contract: every door calls exactly these functions. */
export function createApi(deps: ApiDeps): ContractApi {
  return {
    'health.get': async () => deps.health(),
    'settings.get': async () => deps.settings.view(),
    'settings.update': async (input) => deps.settings.update(input),
  }
}
