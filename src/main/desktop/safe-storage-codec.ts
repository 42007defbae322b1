import type { SafeStorage } from 'electron'
import { plaintextCodec, type SecretCodec } from '../core/secrets'

/**
 * Secrets sealed by the OS keychain when Electron can reach one. Linux without a keyring
 * reports 'basic_text', which is no protection: that counts as plaintext, and Settings warns.
 */
export function safeStorageCodec(safeStorage: SafeStorage, platform = process.platform): SecretCodec {
  const weakLinuxBackend = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
  if (!safeStorage.isEncryptionAvailable() || weakLinuxBackend) return plaintextCodec
  return {
    storage: 'os-keychain',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
