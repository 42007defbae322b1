// pino-roll ships no types; this is the part of its options Flowgate uses.
declare module 'pino-roll' {
  import type { SonicBoom, SonicBoomOpts } from 'sonic-boom'

  interface PinoRollOptions extends Omit<SonicBoomOpts, 'dest'> {
    file: string
    size?: string | number
    frequency?: 'daily' | 'hourly' | number
    extension?: string
    limit?: { count?: number; removeOtherLogFiles?: boolean }
    symlink?: boolean
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<SonicBoom>
}
