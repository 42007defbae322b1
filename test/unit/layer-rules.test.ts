import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function restrictedImportMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rules enforced by lint', () => {
  it.each(['src/main/core/queue.ts', 'src/shared/contract.ts', 'src/main/serve.ts'])('forbids electron in %s', async (file) => {
    const messages = await restrictedImportMessages("import { app } from 'electron'\nexport const a = app\n", file)
    expect(messages.join()).toMatch(/run without Electron/)
  })

  it('allows electron in the desktop layer', async () => {
    expect(await restrictedImportMessages("import { app } from 'electron'\nexport const a = app\n", 'src/main/desktop/tray.ts')).toEqual([])
  })

  it('forbids the renderer from importing main-process code, Node or Electron', async () => {
    const file = 'src/renderer/src/App.tsx'
    expect(await restrictedImportMessages("import { createCore } from '../../main/core'\nexport const c = createCore\n", file)).toHaveLength(1)
    expect(await restrictedImportMessages("import fs from 'node:fs'\nexport const f = fs\n", file)).toHaveLength(1)
    expect(await restrictedImportMessages("import { ipcRenderer } from 'electron'\nexport const i = ipcRenderer\n", file)).toHaveLength(1)
    expect(await restrictedImportMessages("import { methods } from '../../shared/contract'\nexport const m = methods\n", file)).toEqual([])
  })
})
