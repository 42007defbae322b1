/** Every failure a contract call can report; each maps to one HTTP status. */
export const errorCodes = ['validation', 'not_found', 'conflict', 'forbidden', 'unavailable', 'internal'] as const
export type ErrorCode = (typeof errorCodes)[number]

export const httpStatusOf: Record<ErrorCode, number> = {
  validation: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
}

export interface CallError {
  code: ErrorCode
  message: string
}

/** What every transport carries back for one call. */
export type CallEnvelope<T> = { result: T } | { error: CallError }

/** A failure the core raises on purpose: its message is safe to show the operator. */
export class FlowgateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'FlowgateError'
  }
}

/** Turns an envelope back into a value or a thrown FlowgateError, on the calling side. */
export function unwrapEnvelope<T>(envelope: CallEnvelope<T>): T {
  if ('error' in envelope) throw new FlowgateError(envelope.error.code, envelope.error.message)
  return envelope.result
}
