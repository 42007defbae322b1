import { expectTypeOf } from 'vitest'
import type { createApi } from '../../src/main/core/api'
import type { Core } from '../../src/main/core'
import type { registerContractHandlers } from '../../src/main/desktop/ipc'
import type { bridge } from '../../src/preload'
import type { methodNames, MethodName, PushEventName } from '../../src/shared/channels'
import type {
  ContractApi,
  FlowgateBridge,
  MethodInput,
  MethodOutput,
  Methods,
  PushMessage,
  pushEvents,
} from '../../src/shared/contract'
import type { HealthReport } from '../../src/shared/schemas/health'
import type { SettingsView } from '../../src/shared/schemas/settings'

// The schema map and the plain name list describe the same methods and events, both ways.
expectTypeOf<keyof Methods>().toEqualTypeOf<MethodName>()
expectTypeOf<(typeof methodNames)[number]>().toEqualTypeOf<keyof Methods>()
expectTypeOf<keyof typeof pushEvents>().toEqualTypeOf<PushEventName>()

// The core implements exactly the contract.
expectTypeOf<ReturnType<typeof createApi>>().toEqualTypeOf<ContractApi>()
expectTypeOf<Core['api']>().toEqualTypeOf<ContractApi>()
expectTypeOf<ContractApi['health.get']>().returns.resolves.toEqualTypeOf<HealthReport>()
expectTypeOf<ContractApi['settings.update']>().returns.resolves.toEqualTypeOf<SettingsView>()

// The IPC registration takes the contract's implementation, nothing looser.
expectTypeOf<Parameters<typeof registerContractHandlers>[1]>().toEqualTypeOf<ContractApi>()

// The preload exposes the typed bridge (test/renderer pins the web transport to it).
expectTypeOf<typeof bridge>().toEqualTypeOf<FlowgateBridge>()
expectTypeOf<FlowgateBridge['onPush']>().parameter(0).parameter(0).toEqualTypeOf<PushMessage>()

// Inputs and outputs come from the schemas.
expectTypeOf<MethodOutput<'health.get'>>().toEqualTypeOf<HealthReport>()
expectTypeOf<MethodInput<'settings.update'>>().toHaveProperty('values')
