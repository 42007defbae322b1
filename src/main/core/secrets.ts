/**
 * Seals secrets before they are saved. The desktop provides one backed by the OS keychain
 * (Electron safeStorage); headless mode stores them as they are and says so.
 */
export interface SecretCodec {
  readonly storage: 'os-keychain' | 'plaintext'
  seal(plain: string): string
  open(sealed: string): string
}

export const plaintextCodec: SecretCodec = {
  storage: 'plaintext',
  seal: (plain) => plain,
  open: (sealed) => sealed,
}

export class SecretUnreadableError extends Error {
  override name = 'SecretUnreadableError'
}

/** Sealed values carry their codec's name, so a data folder can move between desktop and serve. */
export function sealSecret(codec: SecretCodec, plain: string): string {
  return `${codec.storage}:${codec.seal(plain)}`
}

export function openSecret(codec: SecretCodec, stored: string): string {
  const colon = stored.indexOf(':')
  const tag = stored.slice(0, colon)
  const body = stored.slice(colon + 1)
  if (tag === 'plaintext') return body
  if (tag === codec.storage) return codec.open(body)
  throw new SecretUnreadableError(`a secret sealed with ${tag || 'an unknown codec'} cannot be opened with ${codec.storage}`)
}

/**
 * The secret, or undefined when it cannot be opened here: sealed by another codec, or by the
 * keychain of another machine or user (a data folder moved or restored). The caller decides
 * what "unset" means and is told why.
 */
export function openSecretIfReadable(codec: SecretCodec, stored: string, onUnreadable?: (reason: string) => void): string | undefined {
  try {
    return openSecret(codec, stored)
  } catch (error) {
    onUnreadable?.((error as Error).message)
    return undefined
  }
}
