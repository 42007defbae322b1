/**
 * The app's window never opens other pages itself; a link meant for the outside (n8n's editor,
 * say) goes to the operator's browser, and only if it is a web address.
 */
export function openableExternally(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}
