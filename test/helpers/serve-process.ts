import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'

const root = path.resolve(__dirname, '..', '..')

/** The built headless entry with the Node flags `npm run serve` gives it, read from package.json. */
export function builtServeCommand(): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.serve
  const command = /node ((?:--\S+ )*)out\/main\/serve\.js/.exec(script)
  if (!command) throw new Error(`package.json's serve script does not run out/main/serve.js with node: ${script}`)
  return [...command[1]!.trim().split(' ').filter(Boolean), 'out/main/serve.js']
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams
  line: { event: string; public: string; admin: string }
  rawLine: string
  stderr: () => string
  stdout: () => string
  exit: Promise<number | null>
}

/** Runs the headless entry from source in its own process, as `npm run serve` does from the build. */
export function spawnServe(env: Record<string, string>, entry = ['--import', 'tsx', 'src/main/serve.ts']): {
  child: ChildProcessWithoutNullStreams
  ready: Promise<ServeProcess>
  exit: Promise<number | null>
} {
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<ServeProcess>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout })
    lines.on('line', (rawLine) => {
      stdout += `${rawLine}\n`
      if (stdout.split('\n').length > 2) return
      try {
        resolve({ child, line: JSON.parse(rawLine), rawLine, stderr: () => stderr, stdout: () => stdout, exit })
      } catch (error) {
        reject(error)
      }
    })
    void exit.then((code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)))
  })
  return { child, ready, exit }
}
