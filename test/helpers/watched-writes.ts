import fs from 'node:fs'

/**
 * The writes a watched connection ran (see test/fixtures/watched-sqlite.cjs), each shortened to
 * its statement's head and the durability SQLite reported: `insert into outbox @synchronous=2`.
 */
export function watchedWrites(watchLog: string, heads: RegExp): string[] {
  return fs
    .readFileSync(watchLog, 'utf8')
    .split('\n')
    .filter((line) => heads.test(line))
    .map((line) => `${line.split(' (')[0]!.split(' set ')[0]} ${line.slice(line.lastIndexOf('@'))}`)
}
