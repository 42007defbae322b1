/**
 * A thread body sent as source text, so the same code runs from sources, from the bundle and
 * from the packaged app with no worker file to locate. The function must be self-contained
 * (only `require` and `workerData`); some TypeScript transforms wrap functions in a `__name`
 * helper, so the thread gets its own.
 */
export const threadSource = (main: () => void): string => `const __name = (fn) => fn;\n(${main.toString()})()`
