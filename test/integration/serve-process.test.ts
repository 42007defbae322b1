import { describe, expect, it } from 'vitest'
import { spawnServe } from '../helpers/serve-process'
import { tempDir } from '../helpers/temp'

const freePorts = { FLOWGATE_PUBLIC_PORT: '0', FLOWGATE_ADMIN_PORT: '0' }

describe('serve: the core as its own process', () => {
  it('prints exactly one listening line, answers health, and stops on SIGTERM with exit 0', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const serve = await spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir }).ready
      expect(serve.rawLine).toMatch(/^\{"event":"listening","public":"http:\/\/127\.0\.0\.1:\d+","admin":"http:\/\/127\.0\.0\.1:\d+"\}$/)
      const health = await fetch(`${serve.line.public}/api/v1/health`)
      expect(await health.json()).toEqual({ status: 'ok' })
      expect(serve.stderr()).toMatch(/web console \(shown once, keep it\): http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]{43}/)
      serve.child.kill('SIGTERM')
      expect(await serve.exit).toBe(0)
      expect(serve.stdout().trim().split('\n')).toHaveLength(1)
    } finally {
      cleanup()
    }
  })

  it('keeps its data folder: the admin token is shown once, then reused', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const first = await spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir }).ready
      const token = /token=([\w-]+)/.exec(first.stderr())?.[1]
      first.child.kill('SIGINT')
      expect(await first.exit).toBe(0)

      const second = await spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir }).ready
      expect(second.stderr()).not.toContain('token=')
      const response = await fetch(`${second.line.admin}/api/v1/health`, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      second.child.kill('SIGTERM')
      expect(await second.exit).toBe(0)
    } finally {
      cleanup()
    }
  })

  it('refuses to start on a bad value, naming the variable in one line', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const started = spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir, WORKFLOW_MAX_RETRIES: 'lots' })
      started.ready.catch(() => undefined)
      expect(await started.exit).toBe(1)
      const message = await started.ready.catch((error: Error) => error.message)
      expect(message).toMatch(/flowgate: Invalid configuration: WORKFLOW_MAX_RETRIES="lots": .+\n$/)
    } finally {
      cleanup()
    }
  })

  it('says clearly when its port is taken', async () => {
    const { dir, cleanup } = tempDir()
    const other = tempDir()
    try {
      const first = await spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir }).ready
      const takenPort = new URL(first.line.public).port
      const second = spawnServe({ FLOWGATE_PUBLIC_PORT: takenPort, FLOWGATE_ADMIN_PORT: '0', FLOWGATE_DATA_DIR: other.dir })
      second.ready.catch(() => undefined)
      expect(await second.exit).toBe(1)
      expect(await second.ready.catch((error: Error) => error.message)).toContain(
        `could not start: public listener on 127.0.0.1:${takenPort}: another program (another Flowgate?) is listening there; stop it, or set FLOWGATE_PUBLIC_PORT to a free port (0 picks one)`,
      )
      first.child.kill('SIGTERM')
      expect(await first.exit).toBe(0)
    } finally {
      cleanup()
      other.cleanup()
    }
  })

  it('refuses a second Flowgate on the same data folder, and a killed one leaves no lock behind', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const first = await spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir }).ready
      const second = spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir })
      second.ready.catch(() => undefined)
      expect(await second.exit).toBe(1)
      expect(await second.ready.catch((error: Error) => error.message)).toContain(`could not start: another Flowgate is already running on the data folder ${dir}`)
      // The first one goes on serving.
      expect((await fetch(`${first.line.public}/api/v1/health`)).status).toBe(200)

      first.child.kill('SIGKILL')
      await first.exit
      const third = await spawnServe({ ...freePorts, FLOWGATE_DATA_DIR: dir }).ready
      expect((await fetch(`${third.line.public}/api/v1/health`)).status).toBe(200)
      third.child.kill('SIGTERM')
      expect(await third.exit).toBe(0)
    } finally {
      cleanup()
    }
  })
})
