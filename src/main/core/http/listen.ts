import type { FastifyInstance } from 'fastify'

/** The operating system's refusals to listen, said as what to do about them. */
const listenProblems: Record<string, (variable: string) => string> = {
  EADDRINUSE: (variable) => `another program (another Flowgate?) is listening there; stop it, or set ${variable} to a free port (0 picks one)`,
  EACCES: (variable) => `this user may not listen there; choose a port above 1023 with ${variable}`,
  EADDRNOTAVAIL: () => 'that is not an address of this machine; check the host setting',
}

export async function listenOrExplain(app: FastifyInstance, name: string, host: string, port: number, portVariable: string): Promise<void> {
  try {
    await app.listen({ host, port })
  } catch (error) {
    const explain = listenProblems[(error as { code?: string }).code ?? '']
    if (!explain) throw error
    throw new Error(`${name} on ${host}:${port}: ${explain(portVariable)}`, { cause: error })
  }
}

export const urlOf = (app: FastifyInstance): string => {
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('listener has no TCP address')
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}
