import type { FastifyInstance } from 'fastify'

/** Prints the line `spawnServe` waits for once `listen` gives the address, and stops on SIGTERM. */
export function announceWhenListening(listen: () => Promise<string>, close: () => Promise<void>): void {
  void listen().then((address) => {
    process.stdout.write(`${JSON.stringify({ event: 'listening', public: address })}\n`)
  })
  process.on('SIGTERM', () => void close().then(() => process.exit(0)))
}

/** A bench server on a free loopback port. */
export function listenForBench(app: FastifyInstance): void {
  announceWhenListening(
    () => app.listen({ host: '127.0.0.1', port: 0 }),
    () => app.close(),
  )
}
