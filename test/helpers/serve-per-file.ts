import { expect, test } from '@playwright/test'
import { startBuiltServe, stopBuiltServe } from './built-serve'
import type { ServeProcess } from './serve-process'
import { tempDir } from './temp'

/** A fake of a service outside this machine (n8n, OpenRouter) that the serve talks to. */
interface Fake {
  start(): Promise<unknown>
  stop(): Promise<unknown>
}

/**
 * One built serve for the calling spec file, over a fresh data folder: its fakes start first
 * (so `env` may name their URLs), it is handed to `use`, and it must stop cleanly after the last test.
 */
export function builtServePerFile(env: () => Record<string, string>, fakes: Fake[], use: (serve: ServeProcess) => void): void {
  let serve: ServeProcess | null = null
  let cleanup = () => {}
  test.beforeAll(async () => {
    await Promise.all(fakes.map((fake) => fake.start()))
    const temp = tempDir()
    cleanup = temp.cleanup
    serve = await startBuiltServe(temp.dir, env())
    use(serve)
  })
  test.afterAll(async () => {
    const exit = serve ? await stopBuiltServe(serve) : 0
    await Promise.all(fakes.map((fake) => fake.stop()))
    cleanup()
    expect(exit).toBe(0)
  })
}
