import { z } from 'zod'

/** Every list takes the same page fields (as in the seed's REST: page, page_size)… */
export const pageFields = {
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
}

/** …and answers in the same shape. */
export const pagedList = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), page_size: z.number() })

/** A yes/no filter: a boolean in a call, `true`/`false` in a query string. */
export const flagField = z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')])
