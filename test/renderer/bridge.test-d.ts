import { expectTypeOf } from 'vitest'
import type { httpBridge, pickBridge } from '../../src/renderer/src/services/transport'
import type { FlowgateBridge } from '../../src/shared/contract'

// The web console's transport is the same typed bridge the preload exposes.
expectTypeOf<ReturnType<typeof httpBridge>>().toEqualTypeOf<FlowgateBridge>()
expectTypeOf<ReturnType<typeof pickBridge>>().toEqualTypeOf<FlowgateBridge>()
