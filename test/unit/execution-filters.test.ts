import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { executionListInputSchema, executionRetryManyInputSchema } from '../../src/shared/schemas/executions'
import { executionExportInputSchema } from '../../src/shared/schemas/exports'

const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape).sort()

describe("the executions list's filter", () => {
  it('is taken whole by its export and by the calls acting on those shown, so neither refuses what the list shows', () => {
    const listed = keysOf(executionListInputSchema).filter((key) => !['page', 'page_size', 'sort'].includes(key))
    expect(keysOf(executionExportInputSchema.unwrap())).toEqual(listed)
    const byFilter = executionRetryManyInputSchema.options[1].shape.filter
    expect(keysOf(byFilter)).toEqual(listed)
  })
})
