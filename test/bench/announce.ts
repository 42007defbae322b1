import type { FastifyInstance } from 'fastify'

/** Listens on a free loopback port, prints the line `spawnServe` waits for, and stops on SIGTERM. */
export function listenForBench(app: FastifyInstance): void {
  void app.listen({ host: '127.0.0.1', port: 0 }).then((address) => {
    process.stdout.write(`${JSON.stringify({ event: 'listening', public: address })}\n`)
  })
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
}
