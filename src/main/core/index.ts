import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { version } from '../../../package.json'
import type { ContractApi } from '../../shared/contract'
import { createApi } from './api'
import { systemClock, type Clock } from './clock'
import { effectiveLogLevel, parseConfig } from './config'
import { openDatabase, type OpenedDatabase } from './db/open'
import { lockDataDir, type InstanceLock } from './db/instance-lock'
import { inTransaction } from './db/transaction'
import { copyBeforeUpgrade } from './db/safety-copies'
import { DatabaseWriter } from './db/writer'
import { healthReport, unwellChecks } from './health'
import { HealthWatch } from './health-watch'
import { buildAdminServer } from './http/admin-server'
import { buildPublicServer } from './http/public-server'
import { listenOrExplain, urlOf } from './http/listen'
import { GroupCommitter, type GroupCommitOptions } from './intake/group-commit'
import { stderrLog, type LogOutput, type Logger } from './logger'
import { Monitor, ThrottledRecorder } from './monitor'
import { DATABASE_FILE, findMigrationsDir } from './paths'
import { PushBus } from './push'
import { QueueService } from './queue/queue-service'
import { QueueStore } from './queue/queue-store'
import { QueueWorker, type WebhookHandlers } from './queue/worker'
import { Scheduler } from './scheduler'
import { plaintextCodec, type SecretCodec } from './secrets'
import { approvalPrecedents } from './approvals/precedents'
import { SettingsService } from './settings'
import { webhookSecrets } from './webhook-secrets'
import { WorkflowService } from './workflows/workflow-service'
import { Dispatcher } from './dispatch/dispatcher'
import { Outbox } from './dispatch/outbox'
import { pendingApprovalGate } from './executions/approval-gate'
import { ExecutionQueries } from './executions/execution-queries'
import { ExecutionService } from './executions/execution-service'
import { ExecutionControl } from './executions/execution-control'
import { ExecutionTimeouts } from './executions/execution-timeouts'
import { n8nClientFrom } from './n8n/n8n-client'
import { Reconciler } from './n8n/reconcile'
import { n8nHealth, N8nProbe } from './n8n/n8n-probe'
import { TunnelProbe } from './n8n/tunnel-probe'
import { templateInstaller } from './n8n/install-template'
import { CredentialSync } from './n8n/credential-sync'
import { ApprovalExpiry } from './approvals/approval-expiry'
import { DecisionsTakingEffect } from './approvals/decisions-taking-effect'
import { approvalHandlers } from './approvals/approval-handlers'
import { ApprovalService } from './approvals/approval-service'
import { AutoApprover } from './approvals/auto-approver'
import { ExpiryWarnings } from './approvals/expiry-warnings'
import { approvalStats } from './approvals/approval-stats'
import { modelCallLog } from './approvals/model-calls'
import { forwardAlerts, type Alerts } from './alerts/forward-alerts'
import { MonitoringQueries } from './monitoring-queries'
import { Retention } from './retention'
import { storageReport } from './storage'
import { tryRules } from './approvals/rules-trial'
import { ruleSetOf } from './approvals/auto-rules'
import { Backups } from './backups'
import { csvExports } from './exports'
import { withAudit } from './audit'
import { dashboard } from './dashboard'
import { QuietWorkflowWatch } from './workflows/quiet-workflows'
import { FailingWorkflowWatch } from './workflows/failing-workflows'
import { SlowWorkflowWatch } from './workflows/slow-workflow-watch'
import { N8nFailureWatch } from './n8n/n8n-failures'
import { routingHandlers } from './executions/router'

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
  /** Where logs go (a rotating file for the app); stderr when absent. */
  log?: LogOutput
  groupCommit?: Partial<GroupCommitOptions>
  /** Replaces the handlers for some kinds of queue item (tests, later services). */
  handlers?: Partial<WebhookHandlers>
  random?: () => number
}

export interface StartedCore {
  publicUrl: string
  adminUrl: string
  adminToken: string
  /** True when this start created the token, so it should be shown to the operator once. */
  adminTokenGenerated: boolean
}

/** What a running core holds; tests reach in through it. */
export interface CoreInternals {
  database: OpenedDatabase
  scheduler: Scheduler
  committer: GroupCommitter
  writer: DatabaseWriter
  autoApprover: AutoApprover
  alerts: Alerts
  credentials: CredentialSync
  backups: Backups
  monitor: Monitor
  outbox: Outbox
  publicServer: FastifyInstance
  adminServer: FastifyInstance
}

export interface Core {
  readonly api: ContractApi
  readonly push: PushBus
  readonly log: Logger
  readonly internals: CoreInternals
  start(): Promise<StartedCore>
  stop(): Promise<void>
}

/** How long a transaction on the main connection waits for the writer thread to let go, before it queues for the lock anyway. */
const QUIET_WAIT_MS = 10

/** Calls `fn` at most once per `ms`, trailing: bursts become one signal. */
function coalesce(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | null = null
  return () => {
    timer ??= setTimeout(() => {
      timer = null
      fn()
    }, ms)
  }
}

/** Flowgate without a window: storage, services and both listeners. Electron-free. */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock
  const push = new PushBus()
  const logOutput = options.log ?? stderrLog(effectiveLogLevel(parseConfig(options.config)))
  const log = logOutput.logger
  let servers: FastifyInstance[] = []
  let listening = { publicUrl: null as string | null, adminUrl: null as string | null }
  let running: (CoreInternals & { api: ContractApi }) | undefined
  let instanceLock: InstanceLock | null = null

  const requireRunning = () => {
    if (!running) throw new Error('core is not started')
    return running
  }

  return {
    get api() {
      return requireRunning().api
    },
    get internals() {
      return requireRunning()
    },
    push,
    log,
    async start() {
      const startedAt = clock.now()
      instanceLock = lockDataDir(options.dataDir, options.nativeBinding)
      const databaseFile = path.join(options.dataDir, DATABASE_FILE)
      const database = openDatabase({
        file: databaseFile,
        migrationsDir: options.migrationsDir ?? findMigrationsDir(),
        nativeBinding: options.nativeBinding,
        beforeUpgrade: (connection, pending) => {
          const kept = copyBeforeUpgrade(connection, options.dataDir, clock.now())
          log.info({ kept, pending }, 'database copied before new migrations change it')
        },
      })
      const { sqlite } = database
      const settings = new SettingsService(database.db, options.config, options.secretCodec ?? plaintextCodec, clock, push, log.child({ module: 'settings' }))
      const config = settings.current()
      const writer = new DatabaseWriter({ file: databaseFile, nativeBinding: options.nativeBinding, busyTimeoutMs: 5000 }, log.child({ module: 'writer' }))
      // Under load events are stored many times a second: the console hears of them at most every 250 ms.
      const monitoringChanged = coalesce(() => push.emit('monitoring.changed', {}), 250)
      const monitor = new Monitor(writer, clock, (error) => log.error({ err: error }, 'monitoring event lost'), monitoringChanged)
      const scheduler = new Scheduler(clock, log.child({ module: 'scheduler' }))
      const queueStore = new QueueStore(sqlite, writer)
      const recovered = queueStore.recoverInterrupted(clock.now())
      if (recovered) log.warn({ recovered }, 'queue items interrupted by a stop were queued again')

      const queueChanged = coalesce(() => push.emit('queue.changed', { reason: 'activity' }), 250)
      const committer = new GroupCommitter(writer, clock, { maxBatch: 512, maxInFlight: 8, ...options.groupCommit }, () => {
        scheduler.wake()
        queueChanged()
      }, () => push.emit('health.changed', { status: 'intake' }))
      const secretCodec = options.secretCodec ?? plaintextCodec
      const secrets = webhookSecrets({
        sqlite, db: database.db, codec: secretCodec, clock,
        global: () => settings.current().N8N_WEBHOOK_SECRET,
        onUnreadable: (workflowId, reason) => {
          log.warn({ workflowId, reason }, "a workflow's webhook secret cannot be read here; the global secret applies until it is set again")
          monitor.record({ eventType: 'workflow_secret_unreadable', severity: 'warning', workflowId, data: { reason } })
        },
        onPreviousChange: () => push.emit('settings.changed', { keys: ['N8N_WEBHOOK_SECRET'] }),
      })
      const publicUrl = () => settings.current().FLOWGATE_PUBLIC_URL ?? listening.publicUrl ?? ''
      const outbox = new Outbox(sqlite)
      const resent = outbox.recoverInterrupted(clock.now())
      if (resent) log.warn({ resent }, 'outbound calls interrupted by a stop will be sent again')
      const executions = new ExecutionService({
        sqlite,
        clock,
        monitor,
        push,
        outbox,
        gate: pendingApprovalGate(sqlite, monitor, push, () => settings.current()),
        wake: () => scheduler.wake(),
        defaultTimeoutSeconds: () => settings.current().WORKFLOW_EXECUTION_TIMEOUT_SECONDS,
        callbackUrl: (workflowId) => `${publicUrl()}/api/v1/webhooks/n8n/${workflowId}`,
        afterFailure: (workflowId, now) => failingWatch.afterFailure(workflowId, now),
        afterCompletion: (workflowId, now) => slowWatch.afterCompletion(workflowId, now),
      })
      const failingWatch = new FailingWorkflowWatch(sqlite, monitor, push, log.child({ module: 'failing-workflows' }))
      const slowWatch = new SlowWorkflowWatch(sqlite, monitor, log.child({ module: 'slow-workflows' }))
      const approvals = new ApprovalService({ sqlite, clock, monitor, push, outbox, executions, config: () => settings.current(), wake: () => scheduler.wake() })
      const autoApprover = new AutoApprover(sqlite, approvals, () => settings.current(), clock, monitor, log.child({ module: 'auto-approval' }))
      autoApprover.listen(push)
      const handlers: WebhookHandlers = {
        ...routingHandlers(sqlite, executions, monitor),
        ...approvalHandlers(approvals),
        ...options.handlers,
      }
      const writerQuiet = () => writer.quiet(QUIET_WAIT_MS)
      const worker = new QueueWorker(
        queueStore,
        handlers,
        () => settings.current(),
        log.child({ module: 'queue' }),
        {
          // Small batches keep the writer free for acknowledgements and few objects alive across awaits.
          batchSize: 100,
          random: options.random,
          intakeBusy: () => committer.busy,
          busyPauseMs: 20,
          busyShare: 0.1,
          transaction: (work) => inTransaction(sqlite, work),
          quiet: writerQuiet,
          report: (event) => monitor.record(event),
        },
        queueChanged,
      )
      scheduler.add(worker)
      const n8nClient = () => n8nClientFrom(settings.current())
      scheduler.add(new ExecutionTimeouts(sqlite, executions, n8nClient, () => settings.current(), log.child({ module: 'timeouts' })))
      scheduler.add(new DecisionsTakingEffect(approvals), new ApprovalExpiry(approvals), new ExpiryWarnings(sqlite, monitor))
      scheduler.add(new QuietWorkflowWatch(sqlite, monitor, push, () => clock.now()))
      const retentionDays = { events: () => settings.current().MONITORING_RETENTION_DAYS, webhooks: () => settings.current().WEBHOOK_RETENTION_DAYS, calls: () => settings.current().CALL_RETENTION_DAYS, executions: () => settings.current().EXECUTION_RETENTION_DAYS ?? null }
      const retention = new Retention(sqlite, clock, retentionDays, writerQuiet)
      scheduler.add(retention)
      scheduler.add(new Reconciler(sqlite, executions, n8nClient, clock, log.child({ module: 'reconcile' })))
      scheduler.add(new N8nFailureWatch(sqlite, monitor, n8nClient, clock, log.child({ module: 'n8n-failures' })))
      scheduler.add(
        new Dispatcher({
          outbox,
          clock,
          executions,
          monitor,
          config: () => settings.current(),
          log: log.child({ module: 'dispatch' }),
          quiet: writerQuiet,
          random: options.random,
          webhookSecretOf: secrets.of,
          previousWebhookSecretOf: secrets.previousOf,
        }),
      )
      const backups = new Backups({
        databaseFile,
        dataDir: options.dataDir,
        nativeBinding: options.nativeBinding,
        clock,
        config: () => settings.current(),
        record: (event) => monitor.record(event),
        log: log.child({ module: 'backup' }),
        changed: (running) => {
          scheduler.wake()
          push.emit('backups.changed', { running })
        },
      })
      scheduler.add(backups)
      const n8nProbe = new N8nProbe(() => settings.current(), clock)
      scheduler.add(n8nProbe)
      const tunnelProbe = new TunnelProbe({
        config: () => settings.current(),
        clock,
        record: (event) => monitor.record(event),
        changed: () => push.emit('health.changed', { status: 'tunnel' }),
      })
      scheduler.add(tunnelProbe)
      const summaryInputs = async () => ({ dashboard: await api['monitoring.dashboard']({ range: '24h' }), ai: modelCallLog(sqlite).usage(clock.now(), aiBudget()), unwell: unwellChecks(health()) })
      const alerts = forwardAlerts({ sqlite, monitor, push, scheduler, config: () => settings.current(), clock, log: log.child({ module: 'alerts' }), summaryInputs })
      push.subscribe((message) => {
        if (message.name !== 'settings.changed') return
        logOutput.setLevel(effectiveLogLevel(settings.current()))
        n8nProbe.probeSoon()
        tunnelProbe.probeSoon()
        if (message.payload.keys.some((key) => key.endsWith('_RETENTION_DAYS'))) retention.runSoon()
        scheduler.wake()
      })
      logOutput.setLevel(effectiveLogLevel(config))
      const queue = new QueueService(queueStore, clock, push, () => scheduler.wake())

      const health = () =>
        healthReport({
          database,
          clock,
          startedAt,
          dataDir: options.dataDir,
          version,
          listeners: () => listening,
          globalSecretSet: () => Boolean(settings.current().N8N_WEBHOOK_SECRET),
          intakeTrouble: () => committer.storageTrouble(),
          scheduler: () => ({ lagMs: scheduler.lagMs, waitingMs: scheduler.unservedWakeMs() }),
          logFile: logOutput.currentFile,
          databaseFile,
          writeWaitMs: () => writer.oldestPendingMs(),
          n8n: () => n8nHealth(settings.current().N8N_CALLS_PAUSED, n8nProbe.check(clock.now()), outbox.waiting()),
          tunnel: () => tunnelProbe.check(clock.now()),
          backup: () => backups.check(clock.now()),
          alerts: () => alerts.forwarder.check(),
        })
      scheduler.add(new HealthWatch(health, (event) => monitor.record(event), (check) => check === 'n8n' && settings.current().N8N_CALLS_PAUSED, clock.now()))
      const workflows = new WorkflowService(database.db, clock, secretCodec, push, () => scheduler.wake(), () => outbox.allowances.at(clock.now()))
      const executionQueries = new ExecutionQueries(sqlite, clock, (now) => outbox.allowances.at(now))
      const executionControl = new ExecutionControl(sqlite, clock, executions, executionQueries, outbox, monitor, () => settings.current(), () => scheduler.wake())
      const { token: firstToken, generated } = settings.adminToken()
      let adminToken = firstToken
      const rotateAdminToken = () => {
        adminToken = settings.rotateAdminToken()
        push.emit('settings.changed', { keys: ['FLOWGATE_ADMIN_TOKEN'] })
      }
      const exports = csvExports(sqlite, (filter) => executionQueries.where(filter), () => clock.now())
      const credentials = new CredentialSync({ sqlite, codec: secretCodec, config: () => settings.current(), webhookSecretOf: secrets.of, monitor, clock, wake: () => scheduler.wake(), log: log.child({ module: 'n8n-credentials' }) })
      scheduler.add(credentials)
      // A rotated secret (global, or a workflow's own) reaches the credentials made in n8n; a start catches up.
      push.subscribe((message) => {
        if (message.name === 'workflows.changed' || message.name === 'settings.changed') void credentials.sync()
      })
      void credentials.sync()
      const installTemplate = templateInstaller({ settings, workflows, publicUrl, webhookSecretOf: secrets.of, credentials })
      const aiBudget = () => settings.current().AUTO_APPROVAL_DAILY_BUDGET ?? null
      const api = withAudit(createApi({ alerts: alerts.forwarder, installTemplate, previousWebhookSecret: secrets.previous, adminAccess: () => ({ url: listening.adminUrl, token: adminToken }), rotateAdminToken, settings, health, queue, workflows, executions, executionQueries, executionControl, publicUrl, publicListener: () => listening.publicUrl, approvals, approvalStats: () => approvalStats(sqlite, clock.now(), aiBudget()), storage: () => storageReport(databaseFile, options.nativeBinding, retention), tryRules: (proposed, limit) => tryRules(sqlite, proposed, ruleSetOf(settings.current()), limit), approvalPrecedents: (approval) => approvalPrecedents(sqlite, approval), monitoring: new MonitoringQueries(sqlite), backups, exports, now: () => clock.now(), dashboard: (range) => dashboard(sqlite, range, { now: clock.now(), allowances: outbox.allowances.at(clock.now()), previousSecret: secrets.previous.window(), own: { backupDueAt: backups.nextDueAt(), alertsDue: alerts.forwarder.pending() }, aiBudget: aiBudget() }) }),
        (event) => monitor.record(event),
      )

      const publicServer = buildPublicServer({
        log: log.child({ module: 'public-http' }),
        intake: {
          committer,
          rejections: new ThrottledRecorder(monitor, clock),
          clock,
          findWorkflow: secrets.findWorkflow,
          globalSecret: () => settings.current().N8N_WEBHOOK_SECRET,
          previousSecret: () => secrets.previous.secret(),
          bodyLimitBytes: config.FLOWGATE_WEBHOOK_BODY_LIMIT_BYTES,
          rateLimitPerMinute: config.FLOWGATE_WEBHOOK_RATE_LIMIT_PER_MINUTE,
          trustedProxies: config.FLOWGATE_TRUSTED_PROXIES,
        },
        requestTimeoutSeconds: config.FLOWGATE_WEBHOOK_REQUEST_TIMEOUT_SECONDS,
      })
      const adminServer = buildAdminServer({ api, push, token: () => adminToken, log: log.child({ module: 'admin-http' }), rendererDir: options.rendererDir })
      servers = [publicServer, adminServer]
      running = { api, database, scheduler, committer, writer, autoApprover, alerts, credentials, backups, monitor, outbox, publicServer, adminServer }
      await listenOrExplain(publicServer, 'public listener', config.FLOWGATE_PUBLIC_HOST, config.FLOWGATE_PUBLIC_PORT, 'FLOWGATE_PUBLIC_PORT')
      await listenOrExplain(adminServer, 'admin listener', '127.0.0.1', config.FLOWGATE_ADMIN_PORT, 'FLOWGATE_ADMIN_PORT')
      const urls = { publicUrl: urlOf(publicServer), adminUrl: urlOf(adminServer) }
      listening = urls
      scheduler.start()
      log.info({ ...urls, dataDir: options.dataDir }, 'core started')
      return { ...urls, adminToken, adminTokenGenerated: generated }
    },
    async stop() {
      // Listeners first: in-flight requests are committed and answered before anything closes.
      await Promise.all(servers.map((server) => server.close()))
      servers = []
      if (running) {
        await running.committer.drain()
        await running.scheduler.stop()
        await running.autoApprover.idle()
        await running.credentials.idle()
        await running.backups.idle()
        await running.alerts.forwarder.idle()
        await running.alerts.summary.idle()
        await running.monitor.flush()
        await running.writer.close()
        running.database.close()
        running = undefined
      }
      // Only now: a dispatch sent while stopping still tells n8n where to call back.
      listening = { publicUrl: null, adminUrl: null }
      instanceLock?.release()
      instanceLock = null
      log.info('core stopped')
      log.flush()
    },
  }
}
