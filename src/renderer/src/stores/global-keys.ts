import type { Screen } from './navigation'
import { isTyping, type KeyPress } from './screen-keys'

export type GlobalCommand = { kind: 'help' } | { kind: 'search' } | { kind: 'find' } | { kind: 'go'; screen: Screen }

/** After g: the letter of each screen. */
export const goKeys: Record<string, Screen> = { d: 'dashboard', a: 'approvals', e: 'executions', w: 'workflows', q: 'queue', m: 'monitoring', s: 'settings' }

/**
 * The console's own keys, beside each screen's: ? for the list of shortcuts, / for the open
 * screen's search, g then a letter for a screen. `afterG` says the last key was that g; the answer says whether this one is.
 * None while the operator types in a field or holds a modifier — but Ctrl+K (⌘K), Find anything, works everywhere.
 */
export function globalKeyCommand(event: KeyPress, afterG: boolean): { command: GlobalCommand | null; afterG: boolean } {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return { command: { kind: 'find' }, afterG: false }
  if (isTyping(event)) return { command: null, afterG: false }
  if (afterG) {
    const screen = goKeys[event.key]
    return { command: screen ? { kind: 'go', screen } : null, afterG: false }
  }
  if (event.key === 'g') return { command: null, afterG: true }
  const command: GlobalCommand | null = event.key === '?' ? { kind: 'help' } : event.key === '/' ? { kind: 'search' } : null
  return { command, afterG: false }
}
