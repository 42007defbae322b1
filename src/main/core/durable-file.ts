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
