import { describe, expect, it } from 'vitest'
import { restoreConfirmation, restoreFromBackup, type RestoreFlowDeps } from '../../src/main/desktop/restore-flow'

/** Records every step the flow takes, in order; each answer can be set. */
function fakeDeps(answers: { picked?: string | null; refuse?: string; confirmed?: boolean; failRestore?: string } = {}) {
  const steps: string[] = []
  const deps: RestoreFlowDeps = {
    pickBackup: async () => (steps.push('pick'), answers.picked === undefined ? '/backups/flowgate-2026-01-01-000000Z.db' : answers.picked),
    checkBackup: (file) => {
      steps.push(`check ${file}`)
      if (answers.refuse) throw new Error(answers.refuse)
    },
    confirm: async () => (steps.push('confirm'), answers.confirmed ?? true),
    stopCore: async () => void steps.push('stop'),
    restore: (file) => {
      steps.push(`restore ${file}`)
      if (answers.failRestore) throw new Error(answers.failRestore)
      return { setAside: '/data/flowgate-before-restore.db' }
    },
    relaunch: () => void steps.push('relaunch'),
    showError: (title, message) => void steps.push(`error: ${title}: ${message}`),
  }
  return { deps, steps }
}

describe('restoring a backup from the desktop', () => {
  it('checks, confirms, stops, restores and starts again, in that order', async () => {
    const { deps, steps } = fakeDeps()
    expect(await restoreFromBackup(deps)).toBe('restored')
    const file = '/backups/flowgate-2026-01-01-000000Z.db'
    expect(steps).toEqual(['pick', `check ${file}`, 'confirm', 'stop', `restore ${file}`, 'relaunch'])
  })

  it('stops nothing when the operator cancels, at either question', async () => {
    const unpicked = fakeDeps({ picked: null })
    expect(await restoreFromBackup(unpicked.deps)).toBe('cancelled')
    expect(unpicked.steps).toEqual(['pick'])
    const declined = fakeDeps({ confirmed: false })
    expect(await restoreFromBackup(declined.deps)).toBe('cancelled')
    expect(declined.steps).not.toContain('stop')
  })

  it('refuses a file that cannot be restored before anything stops, saying why', async () => {
    const { deps, steps } = fakeDeps({ refuse: '/tmp/x.db is not a Flowgate database' })
    expect(await restoreFromBackup(deps)).toBe('refused')
    expect(steps.at(-1)).toBe('error: This backup cannot be restored: /tmp/x.db is not a Flowgate database. Nothing was changed.')
    expect(steps).not.toContain('confirm')
    expect(steps).not.toContain('stop')
  })

  it('starts again on the data it had when the restore itself fails', async () => {
    const { deps, steps } = fakeDeps({ failRestore: 'ENOSPC: no space left on device' })
    expect(await restoreFromBackup(deps)).toBe('failed')
    expect(steps.slice(-2)).toEqual(['error: The backup was not restored: ENOSPC: no space left on device. Flowgate starts again on the data it had.', 'relaunch'])
  })

  it('asks in words that say nothing is deleted, with Cancel as the safe default', () => {
    const words = restoreConfirmation('/backups/b.db')
    expect(words.detail).toContain('/backups/b.db')
    expect(words.detail).toContain('set aside in the data folder, not deleted')
    expect(words.buttons).toEqual(['Restore and restart', 'Cancel'])
  })
})
