import Fastify from 'fastify'
import { listenForBench } from './announce'

/** The yardstick: bare Fastify parsing the same JSON body and answering 202, nothing stored. */
const app = Fastify()
app.post('/', async (_request, reply) => reply.code(202).send({ ok: true }))
listenForBench(app)
