/**
 * Only Flowgate's own page may call the core: the dev server's origin in development,
 * the bundled index.html otherwise. Pure, so it is tested without Electron.
 */
export interface TrustedRenderer {
  devServerUrl?: string
  indexFileUrl: string
}

export function isTrustedRendererUrl(url: string | undefined, trusted: TrustedRenderer): boolean {
  if (!url) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (trusted.devServerUrl) return parsed.origin === new URL(trusted.devServerUrl).origin
  const withoutHash = `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  return parsed.protocol === 'file:' && withoutHash === trusted.indexFileUrl
}
