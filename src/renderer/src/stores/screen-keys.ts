/** A key press as the console's shortcuts read it: the key, its modifiers, and the element it went to. */
export interface KeyPress {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  targetTag?: string
}

export const keyPressOf = (event: KeyboardEvent): KeyPress => ({
  key: event.key,
  ctrlKey: event.ctrlKey,
  metaKey: event.metaKey,
  altKey: event.altKey,
  targetTag: (event.target as HTMLElement | null)?.tagName,
})

/** Whether the operator types in a field (or holds a modifier): single-key shortcuts stay out of the way. */
export function isTyping(event: KeyPress): boolean {
  const tag = event.targetTag?.toUpperCase()
  return Boolean(event.ctrlKey || event.metaKey || event.altKey) || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

const screenCommand =
  <C extends string>(commands: Record<string, C>) =>
  (event: KeyPress): C | null =>
    isTyping(event) ? null : (commands[event.key] ?? null)

export type InboxCommand = 'down' | 'up' | 'approve' | 'reject' | 'undo' | 'select' | 'edit'

/** The approvals inbox's keyboard. */
export const inboxCommand = screenCommand<InboxCommand>({ j: 'down', ArrowDown: 'down', k: 'up', ArrowUp: 'up', a: 'approve', r: 'reject', u: 'undo', x: 'select', e: 'edit' })

export type ExecutionCommand = 'down' | 'up' | 'retry' | 'change' | 'send-now' | 'dismiss' | 'workflow'

/** The Executions screen's keyboard: move, retry the open one (or change its input first), send a held one anyway, dismiss a failure, open its workflow. */
export const executionCommand = screenCommand<ExecutionCommand>({
  j: 'down',
  ArrowDown: 'down',
  k: 'up',
  ArrowUp: 'up',
  r: 'retry',
  e: 'change',
  s: 'send-now',
  d: 'dismiss',
  w: 'workflow',
})

export type QueueCommand = 'down' | 'up' | 'replay' | 'change' | 'select' | 'workflow'

/** The webhook queue's keyboard: move, replay the open webhook (or change its body first), tick it, open its workflow. */
export const queueCommand = screenCommand<QueueCommand>({ j: 'down', ArrowDown: 'down', k: 'up', ArrowUp: 'up', r: 'replay', e: 'change', x: 'select', w: 'workflow' })

/** The cursor after a move, kept on the list. */
export function moveCursor(cursor: number, delta: number, length: number): number {
  if (length === 0) return 0
  return Math.min(length - 1, Math.max(0, cursor + delta))
}
