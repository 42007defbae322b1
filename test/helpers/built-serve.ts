import { builtServeCommand, spawnServe, type ServeProcess } from './serve-process'

export const E2E_TOKEN = 'e2e-admin-token-0123456789abcdef'

/** The built app exactly as `npm run serve` runs it, on free loopback ports, over `dataDir`. */
export function startBuiltServe(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  return spawnServe({ FLOWGATE_DATA_DIR: dataDir, FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0', FLOWGATE_ADMIN_TOKEN: E2E_TOKEN, ...env }, builtServeCommand()).ready
}

/** SIGTERM, then the exit code (0 when it stopped cleanly). */
export async function stopBuiltServe(serve: ServeProcess): Promise<number | null> {
  serve.child.kill('SIGTERM')
  return serve.exit
}

/** A call to `serve`'s admin listener with the e2e token (a body only when given): its JSON answer. */
export async function adminCall<T = Record<string, unknown>>(serve: ServeProcess, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${serve.line.admin}${path}`, {
    method,
    headers: { authorization: `Bearer ${E2E_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await response.json()) as T
}
