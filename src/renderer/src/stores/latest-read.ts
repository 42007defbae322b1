/**
 * For a store read again on every push: reads overlap, and their answers may come back in
 * any order, so only the answer to the latest read started is kept — an older, slower one
 * would otherwise put back what a newer one already replaced.
 */
export function latestRead(): () => () => boolean {
  let latest = 0
  return () => {
    const mine = ++latest
    return () => mine === latest
  }
}
