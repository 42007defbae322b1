import { Worker } from 'node:worker_threads'

/**
 * A thread body sent as source text, so the same code runs from sources, from the bundle and
 * from the packaged app with no worker file to locate. The function must be self-contained
 * (only `require` and `workerData`); some TypeScript transforms wrap functions in a `__name`
 * helper, so the thread gets its own.
 */
export const threadSource = (main: () => void): string => `const __name = (fn) => fn;\n(${main.toString()})()`

/**
 * Runs a thread body once with `workerData` (better-sqlite3's module path added, for bodies that
 * open the database) and resolves with the last message it posted, once it exits cleanly.
 */
export function runThreadOnce<T = undefined>(main: () => void, workerData: object): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let answer: T
    const worker = new Worker(threadSource(main), { eval: true, workerData: { ...workerData, modulePath: require.resolve('better-sqlite3') } })
    worker.on('message', (message: T) => (answer = message))
    worker.once('error', reject)
    worker.once('exit', (code) => (code === 0 ? resolve(answer) : reject(new Error(`thread exited with code ${code}`))))
  })
}
