import type { Workflow } from '../../../shared/schemas/workflows'
import { pagedStore } from './paged'

export const useWorkflows = pagedStore<Workflow, { is_active?: boolean }>({}, (services, filter, page, page_size) => services.call('workflows.list', { ...filter, page, page_size }))
