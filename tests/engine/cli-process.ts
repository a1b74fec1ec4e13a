// Starts the standalone engine (`server/embedded-mongo/cli.ts`) as a child process and reads the connection URI
// it prints as the first line of its standard output.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export interface CliProcess {
  child: ChildProcess;
  /** The first line of stdout. */
  uri: string;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM (SIGKILL after 3 s if it does not stop); resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startCli(args: string[]): Promise<CliProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/embedded-mongo/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const uri = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the engine CLI printed no URI within 30 s: ${out}`)), 30_000);
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once('exit', (code) => reject(new Error(`the engine CLI exited with ${code}: ${out}`)));
    });
    return {
      child,
      uri,
      output: () => out,
      async stop() {
        child.kill('SIGTERM');
        // A blocked engine cannot handle SIGTERM; do not let it outlive the test.
        const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        const code = await exited;
        clearTimeout(killer);
        return code;
      }
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
