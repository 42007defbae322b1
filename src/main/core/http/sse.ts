import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PushBus } from '../push'

const HEARTBEAT_MS = 15_000

/** Server-sent events: one `event:` per push, a comment now and then to keep proxies open. */
export function streamPushEvents(request: FastifyRequest, reply: FastifyReply, push: PushBus, stillAuthorized: () => boolean): void {
  reply.hijack()
  const out = reply.raw
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  })
  out.write(': connected\n\n')
  const send = (text: string) => (stillAuthorized() ? out.write(text) : out.end())
  const unsubscribe = push.subscribe((message) => send(`event: ${message.name}\ndata: ${JSON.stringify(message.payload)}\n\n`))
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS)
  request.raw.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}
