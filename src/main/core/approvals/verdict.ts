import type { DecisionSource } from '../db/enums'

export type Decision = 'approved' | 'rejected' | 'expired'

export interface DecisionInput {
  decision: 'approved' | 'rejected'
  approver: string
  reason?: string
  /** Where the decision was made; a bulk decision is recorded as 'bulk' whatever its door. */
  source: DecisionSource
  auto?: boolean
  confidence?: number | null
  /** The approval's data as the person changed it before approving. */
  approvedData?: Record<string, unknown>
}

/** A decision as it is applied to one approval. */
export interface Verdict {
  decision: Decision
  by: string
  reason: string | null
  source: DecisionSource
  auto: boolean
  confidence: number | null
  /** The changed data as JSON text, or null: approved as asked. */
  approvedData: string | null
}

export const verdictOf = (input: DecisionInput, source = input.source): Verdict => ({
  decision: input.decision,
  by: input.approver,
  reason: input.reason ?? null,
  source,
  auto: input.auto ?? false,
  confidence: input.confidence ?? null,
  approvedData: input.approvedData === undefined ? null : JSON.stringify(input.approvedData),
})
