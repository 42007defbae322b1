import { afterEach, beforeEach, expect } from 'vitest'
import { startTestCore, TEST_WEBHOOK_SECRET, type RunningCore } from './core'
import { FakeAlertService } from './fake-alert-service'

/** A fresh core for each test of the calling file, its alerts going to a fake chat service (Slack's format). */
export function alertingCorePerTest(use: (core: RunningCore, service: FakeAlertService) => void): void {
  let running: RunningCore | null = null
  let service: FakeAlertService | null = null
  beforeEach(async () => {
    service = new FakeAlertService()
    await service.start()
    running = await startTestCore({ N8N_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })
    const saved = await running.admin('POST', '/api/v1/rpc/settings.update', { values: { FLOWGATE_ALERT_URL: service.url('/hook'), FLOWGATE_ALERT_FORMAT: 'slack' } })
    expect(saved.status).toBe(200)
    use(running, service)
  })
  afterEach(async () => {
    await running?.close()
    await service?.stop()
    running = null
  })
}
