import fs from 'node:fs'

/** Forces a file's contents to disk: a copy counts as made only once this returns. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * A file is written under `<name>.partial` and renamed once whole, so a crash never leaves half
 * of one under its real name. This removes such a leftover (a file only: anything else there
 * is not ours).
 */
export function discardPartial(partial: string): void {
  if (fs.statSync(partial, { throwIfNoEntry: false })?.isFile()) fs.rmSync(partial)
}
