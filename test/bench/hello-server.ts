import Fastify from 'fastify'

/** The yardstick: bare Fastify parsing the same JSON body and answering 202, nothing stored. */
const app = Fastify()
app.post('/', async (_request, reply) => reply.code(202).send({ ok: true }))
app.listen({ host: '127.0.0.1', port: 0 }).then((address) => {
  process.stdout.write(`${JSON.stringify({ event: 'listening', public: address })}\n`)
})
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
