export type InboxCommand = 'down' | 'up' | 'approve' | 'reject' | 'undo' | 'select' | 'edit'

const commands: Record<string, InboxCommand> = { j: 'down', ArrowDown: 'down', k: 'up', ArrowUp: 'up', a: 'approve', r: 'reject', u: 'undo', x: 'select', e: 'edit' }

/** The inbox's keyboard: a command for a key press, none while the operator types in a field. */
export function inboxCommand(event: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; targetTag?: string }): InboxCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  const tag = event.targetTag?.toUpperCase()
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return null
  return commands[event.key] ?? null
}

/** The cursor after a move, kept on the list. */
export function moveCursor(cursor: number, delta: number, length: number): number {
  if (length === 0) return 0
  return Math.min(length - 1, Math.max(0, cursor + delta))
}
