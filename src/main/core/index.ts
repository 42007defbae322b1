import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { version } from '../../../package.json'
import type { ContractApi } from '../../shared/contract'
import { createApi } from './api'
import { systemClock, type Clock } from './clock'
import { openDatabase, type OpenedDatabase } from './db/open'
import { healthReport } from './health'
import { buildAdminServer } from './http/admin-server'
import { buildPublicServer } from './http/public-server'
import { createRootLogger, type Logger } from './logger'
import { findMigrationsDir } from './paths'
import { PushBus } from './push'
import { plaintextCodec, type SecretCodec } from './secrets'
import { SettingsService } from './settings'

export interface CoreOptions {
  dataDir: string
  /** The environment layer of configuration (process env merged with `.env`), as raw strings. */
  config: Record<string, string>
  clock?: Clock
  secretCodec?: SecretCodec
  migrationsDir?: string
  /** better-sqlite3 built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string
  rendererDir?: string
  logger?: Logger
}

export interface StartedCore {
  publicUrl: string
  adminUrl: string
  adminToken: string
  /** True when this start created the token, so it should be shown to the operator once. */
  adminTokenGenerated: boolean
}

export interface Core {
  readonly api: ContractApi
  readonly push: PushBus
  readonly log: Logger
  start(): Promise<StartedCore>
  stop(): Promise<void>
}

const urlOf = (app: FastifyInstance): string => {
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('listener has no TCP address')
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/** Flowgate without a window: storage, services and both listeners. Electron-free. */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock
  const push = new PushBus()
  const log =
    options.logger ??
    createRootLogger({ level: options.config.FLOWGATE_LOG_LEVEL ?? 'info', file: path.join(options.dataDir, 'logs', 'flowgate.log') })
  let database: OpenedDatabase | undefined
  let servers: FastifyInstance[] = []
  let listening = { publicUrl: null as string | null, adminUrl: null as string | null }
  let api: ContractApi | undefined

  const requireApi = (): ContractApi => {
    if (!api) throw new Error('core is not started')
    return api
  }

  return {
    get api() {
      return requireApi()
    },
    push,
    log,
    async start() {
      const startedAt = clock.now()
      database = openDatabase({
        file: path.join(options.dataDir, 'flowgate.db'),
        migrationsDir: options.migrationsDir ?? findMigrationsDir(),
        nativeBinding: options.nativeBinding,
      })
      const opened = database
      const settings = new SettingsService(
        opened.db,
        options.config,
        options.secretCodec ?? plaintextCodec,
        clock,
        push,
        log.child({ module: 'settings' }),
      )
      const config = settings.current()
      const health = () =>
        healthReport({ database: opened, clock, startedAt, dataDir: options.dataDir, version, listeners: () => listening })
      api = createApi({ settings, health })
      const { token, generated } = settings.adminToken()

      const publicServer = buildPublicServer({ log: log.child({ module: 'public-http' }) })
      const adminServer = buildAdminServer({
        api,
        push,
        token,
        log: log.child({ module: 'admin-http' }),
        rendererDir: options.rendererDir,
      })
      servers = [publicServer, adminServer]
      await publicServer.listen({ host: config.FLOWGATE_PUBLIC_HOST, port: config.FLOWGATE_PUBLIC_PORT })
      await adminServer.listen({ host: '127.0.0.1', port: config.FLOWGATE_ADMIN_PORT })
      const urls = { publicUrl: urlOf(publicServer), adminUrl: urlOf(adminServer) }
      listening = urls
      log.info({ ...urls, dataDir: options.dataDir }, 'core started')
      return { ...urls, adminToken: token, adminTokenGenerated: generated }
    },
    async stop() {
      // Listeners first: in-flight requests finish and commit before the database closes.
      await Promise.all(servers.map((server) => server.close()))
      servers = []
      listening = { publicUrl: null, adminUrl: null }
      database?.close()
      database = undefined
      log.info('core stopped')
      log.flush()
    },
  }
}
