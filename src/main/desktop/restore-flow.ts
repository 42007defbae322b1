/** What restoring from the desktop needs from Electron and the core, injected so it can be tested. */
export interface RestoreFlowDeps {
  /** The backup the operator picked, or null if they cancelled. */
  pickBackup(): Promise<string | null>
  /** Throws, saying why, when the file cannot be restored. */
  checkBackup(file: string): void
  /** True when the operator confirms replacing the data. */
  confirm(file: string): Promise<boolean>
  stopCore(): Promise<void>
  restore(file: string): { setAside: string | null }
  /** Starts the app again on whatever database is in place. */
  relaunch(): void
  showError(title: string, message: string): void
}

export type RestoreOutcome = 'cancelled' | 'refused' | 'restored' | 'failed'

/**
 * Pick, check, confirm, then stop the core, put the backup in place and start again. A file
 * that cannot be restored is refused before anything stops; a failure after the stop still
 * restarts, on the database that was kept.
 */
export async function restoreFromBackup(deps: RestoreFlowDeps): Promise<RestoreOutcome> {
  const file = await deps.pickBackup()
  if (!file) return 'cancelled'
  try {
    deps.checkBackup(file)
  } catch (error) {
    deps.showError('This backup cannot be restored', `${(error as Error).message}. Nothing was changed.`)
    return 'refused'
  }
  if (!(await deps.confirm(file))) return 'cancelled'
  await deps.stopCore()
  let outcome: RestoreOutcome = 'restored'
  try {
    deps.restore(file)
  } catch (error) {
    deps.showError('The backup was not restored', `${(error as Error).message}. Flowgate starts again on the data it had.`)
    outcome = 'failed'
  }
  deps.relaunch()
  return outcome
}

/** The confirmation's words: what happens, and that nothing is deleted. */
export const restoreConfirmation = (file: string) => ({
  message: 'Replace Flowgate’s data with this backup?',
  detail:
    `${file}\n\nFlowgate stops, puts the backup in place and starts again. Everything recorded since the backup was made ` +
    '(webhooks, approvals, executions, settings) is set aside in the data folder, not deleted.',
  buttons: ['Restore and restart', 'Cancel'],
})
